## Collective sessions: the facilitator's space, the kiosk, phones joining and the projector.

back-to-session = Back to the session
back-to-sessions = Back to sessions
choose-pin = Choose a PIN (4 to 12 digits) to leave kiosk mode
close-and-send = Close and send
close-help = Once closed, the session takes no more answers; its totals (never anyone’s answers) are sent once to the server, as soon as it can be reached.
close-session = Close the session
closed-on = Closed on { $date }
totals-title = Sending the totals
confirm-close = Close the session and send its totals? ({ $count ->
        [0] no participants
        [one] { $count } participant
       *[other] { $count } participants
    })
confirm-close-phones = Close the session? { $count ->
        [0] This device has no answers to send
        [one] The answer of this device’s participant leaves as totals
       *[other] The answers of this device’s { $count } participants leave as totals
    }; the phones’ answers are already counted by the server, which will take no more.
confirm-delete-session = Delete this session and all its answers from this device? This cannot be undone.
create-session = Create the session
delete-session = Delete the session
export-answers = Export the answers (file)
facilitator-pin = Facilitator’s PIN
kiosk-help = One tablet is passed round: after each person the screen is wiped. Leaving needs your PIN.
kiosk-mode = Kiosk mode
kiosk-privacy = Your answers are anonymous: they stay on this device and only the session’s totals are shared.
kiosk-start = Start
kiosk-thanks = Thank you — pass the device on
leave-kiosk = Leave kiosk mode
live-lead = Results update by groups of participants: no single answer can be read from them.
live-results = Results screen
new-session = New session
not-enough-yet = Not enough answers yet: results are shown from { $k } participants.
not-linked-yet = This device is not linked to a server: the totals wait on the device. Open the access link the administrator gave you.
pin-forgotten = Forgot the PIN?
pin-forgotten-link = Paste a facilitator’s access link: it stands in for the PIN.
pin-forgotten-wrong = This link does not let you out of kiosk mode: that takes a facilitator’s link (and the network, unless it linked this device).
pin-again = The same PIN again
pin-invalid = The PIN must be 4 to 12 digits.
pin-mismatch = The two PINs differ.
pin-needs-secure-address = The kiosk’s PIN cannot be set at this address: the browser only computes it at a secure address (https://). Open Bilan at its https:// address.
pin-no-crypto = This browser refuses to compute the kiosk’s PIN. Try an up-to-date browser.
pin-wrong = That is not the right PIN.
session-closed = Closed
session-format = Format
session-import-help = Bring together here the answers collected on another tablet with no network: each answer counts once, even if the file is imported twice.
session-import-title = Import answers from another tablet
session-missing = This session is not on this device.
session-open = In progress
session-status = Status
session-title-label = Session title
session-date-fixed = Open to phones, the session keeps its date: the server files its answers under its year.
sessions-empty = No session on this device yet.
start-kiosk = Start kiosk mode
totals-sent = The server received the session’s totals.
totals-link-denied = The server no longer knows this device’s link and refused the session’s totals, which stay here. Ask the administrator for a new access link and open it on this device: they will leave with it.
totals-waiting = { $n ->
        [one] { $n } total waiting to be sent.
       *[other] { $n } totals waiting to be sent.
    }
unlock = Unlock
your-sessions = Your sessions
join-bad-code = This is not a session code: nine letters and digits, without 0, O, 1, I or L.
join-offline = The session’s server does not answer: check the connection and try again.
join-unknown = No open session has this code.
join-closed = This session is over: it takes no more answers.
join-title = Join a session
join-send-failed = Your answers have not left yet: the server does not answer. They will leave by themselves when the phone is back on the network, or tap “Try again”.
retry = Try again
join-thanks = Thank you, your answers are counted
join-privacy = Anonymous answers: only totals go to the server, without your name. This phone only remembers that you answered this session, so that each phone counts once.
join-already = This phone has already answered this session: one answer per phone. Thank you!
join-already-other = Someone else wants to answer? On their own phone, or on the facilitator’s device in kiosk mode.
join-strip = Taking part in a session? Type its code:
type-code-again = Type the code again
join-button = Join
own-devices = On the participants’ own phones
own-devices-help = Open the session on the server: each person joins with their phone by scanning the QR code or typing the code. A connection is needed.
own-devices-open = Scan the QR code, or open Bilan and type the code on its home page:
open-to-phones = Open to phones
qr-of = QR code of the link { $link }
import-session-file = Import a session file
step-note = Results of the first { $n } participants; updated every { $k } participants.
closed-note = Results of the session’s { $n } participants.
colleges-waiting = Each college will show on its own once it counts { $k } people: waiting for answers.
other-colleges = The other colleges are grouped: too few people to show them apart.
pin-locked = Too many tries. Try again in { $wait }.
join-too-fast = Too many codes tried from this network: wait a few seconds, then try again.
participants-count = { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    }
session-import-done = Session file imported: { $added ->
        [0] no new answers, they were all here already.
        [one] { $added } new answer.
       *[other] { $added } new answers.
    }
scan-to-answer = Scan to answer
one-question-at-a-time = One question at a time
move-on-by-itself = Move on by itself (12 s a question)
arrows-to-move-on = Arrow keys ← → (or the remote) move from one question to the next; Escape shows them all again.

## Indicator grid review
review-of-grid = Indicator grid review: { $title }
review-title-short = Prepare the grid’s next version
review-title = Prepare version { $version } of the grid
review-lead = What the room said, under the results screen’s rules. Decide for each question. A reworded question gets a new id: its answers will not be compared with the old one’s.
review-said = The room: { $keep } to keep · { $reword } to reword · { $drop } to drop
review-not-shown = The room: not enough answers to show, kept by default
verdict-keep = Keep
verdict-reword = Reword
verdict-drop = Drop
review-proposals = Questions the room proposed (on this device only, never sent)
review-save = Save version { $version }
review-written = “{ $file }” saved (kept: { $kept }, to reword: { $reworded }, dropped: { $dropped }). Put it in the server’s survey folder.
review-needed-by = “{ $dropped }” cannot be dropped: “{ $by }” is asked only by its answer. Drop both, or keep it.
review-empty = Every question would be dropped: a grid keeps at least one.
review-invalid = The written version does not pass the check: { $errors }
review-by-college = What each college wants: the most frequent choice, and how many made it
live-sources = kiosk: { $kiosk } · phones: { $phones }
written-title = What participants wrote
written-help = Written on this device, never sent: to read with the group. In alphabetical order, nothing in it says who wrote what.
written-open = { $count ->
        [one] Read the written answer
       *[other] Read the { $count } written answers
    }
kiosk-still-there = Still there? Without a touch, these answers will be wiped in half a minute, for the next person.
kiosk-go-on = I am still here
refused-totals-taken = The server already has this session’s totals, from another device: a session counts once.
refused-other-facilitator = Another facilitator opened this session on the server: only their devices send its totals.

## The questionnaire on paper, for the people who answer with a pen.
paper-version = Paper version
paper-title = The questionnaire on paper
paper-lead = For the people who answer with a pen. Then type each sheet in kiosk mode: its answers count like the others, and the sheet can be destroyed. Tick its “Typed” box once done: a sheet typed twice would count twice.
paper-typed = Typed into Bilan (for the facilitator)
paper-lead-holder = To think it over quietly, or to answer with a pen beside your facilitator. Then give your answers in your journey: they stay on your device there, and your progress takes shape.
paper-yours = This sheet is yours: keep it, then give your answers in “My journey”.
paper-together = Two boxes at each level: the first for you, the second for your facilitator.
paper-filled-on = Date: …… / …… / …………
back-to-survey = Back to the questionnaire
paper-no-name = Do not write your name: your answers stay anonymous; only the session’s totals are shared.
paper-how = Tick one box per question, unless several answers are possible. Questions marked with an asterisk (*) are required.
paper-several = Several answers possible.
paper-at-most-choices = At most { $n } answers.
paper-only-if = Only if { $condition }.
paper-answered = { $answer } at { $question }
paper-question = question { $n }
paper-other-than = other than { $value }
paper-less-than = less than { $value }
paper-at-most = at most { $value }
paper-more-than = more than { $value }
paper-at-least = at least { $value }
paper-and = and
paper-or = or
paper-not = not ({ $condition })
paper-between = A number between { $min } and { $max }.
paper-number-from = A number of { $value } or more.
paper-number-up-to = A number of { $value } at most.
paper-day-month-year = day / month / year
paper-month-year = month / year
