## Words several pages use, and errors.

journey-title = My journey
journey-intro = Take stock of your project every few months: ownership, professional skills, personal development. Your answers stay on this device and your progress shows as a star and as lines.
sessions-title = Group sessions
sessions-intro = Run a collective evaluation: one tablet passed round or the participants’ own phones, aggregated results on the projector, the participatory review by college.
board-title = Dashboard
board-intro = For the board: the year’s figures, how the indicators are spread and how the people accompanied progress — anonymous aggregates only.
go-journey = Do my self-assessment
go-sessions = Run a session
go-board = See the dashboard
open-session = Open the session
cancel = Cancel
confirm-delete-button = Yes, delete
loading = Loading…
storage-error = The device’s storage refused the operation: { $why }
record-unreadable = { $store ->
        [profiles] A profile
        [readings] A review
        [drafts] A review in progress
        [sessions] A session
        [outbox] A contribution waiting to be sent
        [settings] A setting
       *[other] A record
    } on this device cannot be read (“{ $id }”) and is set aside. Detail: { $why }
remove-damaged = Remove
confirm-remove-damaged = { $store ->
        [profiles] Delete this unreadable profile, with its reviews and reviews in progress? This cannot be undone, unless a backup holds them.
       *[other] Delete this unreadable record? This cannot be undone, unless a backup holds it.
    }
dont-know = I don’t know
yes = Yes
no = No
other = Other
indicator = Indicator
score = Score (out of 100)
answers-count = Answers
back-to-journey = Back to my journey
profile-missing = This profile does not exist on this device.
err-required = This question needs an answer.
err-range = Choose one of the answers offered.
err-number = Enter a number in figures, for example 12,500 or 2.5.
err-ambiguous = Is it { $decimal } or { $whole }? Write { $decimal } or { $example }.
err-whole = Enter a whole number.
err-min = The number must be at least { $min }.
err-max = The number must be at most { $max }.
err-date = Enter a complete date.
err-too-many = Too many choices: at most { $n }.
import-done = Backup imported: { $what } added to this device.
import-updated = Updated: { $what }.
import-only-updated = Backup imported. Updated: { $what }.
import-kept = { $n ->
        [one] One other was already there.
       *[other] { $n } others were already there.
    }
import-nothing-new = Backup imported: nothing new, this device already had it all.
import-profiles = { $n ->
        [one] { $n } profile
       *[other] { $n } profiles
    }
import-readings = { $n ->
        [one] { $n } review
       *[other] { $n } reviews
    }
import-drafts = { $n ->
        [one] { $n } review in progress
       *[other] { $n } reviews in progress
    }
import-sessions = { $n ->
        [one] { $n } session
       *[other] { $n } sessions
    }
backup-help = One file with the profiles, reviews and sessions of this device, to move them to another device or keep them safe. It holds answers: keep it to yourself.
backup-left-out = { $n ->
        [one] Backup written, except one record of this device that cannot be read
       *[other] Backup written, except { $n } records of this device that cannot be read
    }: { $which }
import-refused = File refused, nothing was changed: { $why }
file-not-json = this file cannot be read: it may be damaged or incomplete
backup-foreign = this is not a Bilan backup
backup-is-session = it is a session’s file, to import with “Import a session file” (Group sessions page)
session-is-backup = it is the device’s backup, to import with “Import a backup”
file-newer = this file comes from a newer version of Bilan: update the app
file-damaged = the file is damaged: part of its content cannot be read
file-where = Technical detail: line { $line }, column { $column }
star-title = { $n ->
        [one] Your indicator, from 0 to 100
       *[other] Your { $n } indicators, from 0 to 100
    }
my-progress = My progress
date = Date
show-table = Show the data as a table
chart-unavailable = The chart could not be shown: it is not on this device and the network does not answer. The table gives the same figures.
college-comparison = College comparison
join-code = Session code
server-unreachable = The server does not answer: try again once online.
server-full = The server is full for now: nothing was saved, and sending will be tried again later.
session-bad-code = The session code is not valid ({ $code }).
session-bad-date = This date does not exist ({ $date }).
session-out-of-reach = Choose a day from { $from } to { $to }: the server neither dates nor counts a session older or further ahead.
session-foreign = this is not a Bilan session file
session-is-closed = This session is closed: its results were sent, it takes no more answers.
session-no-date = Give the day of the session (day, month and year).
session-no-title = Give the session a title.
session-other-survey = These answers are for another survey ({ $got } ≠ { $expected }).
session-survey = Survey
participants-label = Participants
perturbed-note = So that nobody can be recognised, every number is slightly changed, by { $noise } at most.
