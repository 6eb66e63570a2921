## A holder's journey: profiles, backups, sharing and progress.

profiles-title = My profiles
profiles-empty = No profile on this device yet. Create yours to begin.
new-profile = New profile
pseudonym = Your first name or a pseudonym
project-name = Your project’s name
profile-privacy = This information stays on this device only: it is never sent anywhere.
create-profile = Create the profile
edit-profile = Edit the profile
save = Save
field-required = Please fill in this field.
created-on = Created on
reviews-so-far = { $count ->
        [one] One review, on { $date }
       *[other] { $count } reviews, the last on { $date }
    }
next-point = Next check-in on { $date }: { $indicators }.
point-due = Check-in planned for { $date }: { $indicators }. Time for a new review.
add-to-calendar = Add to my calendar
point-reminder = Bilan: time for a check-in ({ $indicators })
delete-profile = Delete
confirm-delete = Delete this profile and all its answers? This cannot be undone.
backup-title = Backup
export-data = Save everything (backup file)
import-data = Import a backup
last-backup = Last backed up on { $date }.
never-backed-up = No backup from this device yet.
export-csv = Download my reviews (spreadsheet)
nothing-to-export = No submitted answers to export yet.
csv-left-out = { $n ->
        [one] One review of this device cannot be read and is not in the export
       *[other] { $n } reviews of this device cannot be read and are not in the export
    }: { $which }
progress-title = My progress
progress-lead = Every review you submit is added here. Compare two reviews and follow each indicator over time.
no-readings = No submitted review yet: do your self-assessment to see your progress.
readings = Your reviews
compare-title = Compare two reviews
compare-from = Starting review
compare-to = Review to compare
lines-title = Your indicators over time
progress-versions = Your reviews were made with several versions of the survey, revised in between. Each indicator is followed from one version to the next; a reworded question is never compared with its old wording.
changes-title = What changed since the previous review
no-change = steady at { $to }
change-amount = from { $from } to { $to } ({ $delta })
one-reading = Your first “{ $survey }” review: the next one will show what changed.
sharing-title = Share my anonymous results
not-linked = This device is not linked to a server: your answers stay here. To count in your organisation’s statistics, open the link your facilitator gives you.
joined = This device is now linked to your organisation’s server. Nothing is sent until you agree below.
sharing-explain = If you agree, each review sends buckets only: the level chosen on each shared scale, the range of your scores (for example 40 to 60), the year. Never your pseudonym, your project, your texts, your exact dates or your amounts. The server shows no figure about fewer than 5 people.
sharing-consent = I agree that my next reviews are counted, anonymously, in the organisation’s statistics.
sharing-preview = See exactly what would be sent for my latest review
nothing-to-preview = Submit a review to see what it would send.
all-sent = Everything is sent.
last-error = Last try: { $why }
refused-by = Refused by the server: { $why }
refused-count = { $n ->
    [one] One send refused
   *[other] { $n } sends refused
}
link-denied = The server no longer knows this device’s link. Ask your facilitator for a new sharing link and open it here: what was refused will leave with it.
refused-old-period = The server only takes answers from this year and last year: these, older, stay on this device and are not shared.
refused-survey-version = The server does not take these answers in the survey version they were given in: they stay on this device. Tell the server’s administrator, then retry.
refused-bad-token = The server does not know this access (token or link): it is unknown or was revoked. Ask the server’s administrator for a new one.
refused-forbidden = This access (token or link) does not allow this: it was made for another role. Ask the server’s administrator for the right one.
nothing-waiting = Nothing is waiting to be sent.
drop-held = { $n ->
    [one] Never send it
   *[other] Never send them
}
send-now = Send now
retry-refused = Retry the refused ones
change-since = { $amount } since { $when }
pending-count = { $n } waiting to be sent
pending-held = { $n ->
    [one] One review waiting to be sent, held back until you agree to share.
   *[other] { $n } reviews waiting to be sent, held back until you agree to share.
}
score-of-indicator = { $indicator } (score)
progress-of-indicator = { $indicator } (change since the first review)
rank-of-day = { NUMBER($n, type: "ordinal") ->
        [one] { $n }st review
        [two] { $n }nd review
        [few] { $n }rd review
       *[other] { $n }th review
    }
reading-of-day = { $date }, { NUMBER($n, type: "ordinal") ->
        [one] { $n }st review
        [two] { $n }nd review
        [few] { $n }rd review
       *[other] { $n }th review
    }
change-since-previous = { $amount } since your previous review
first-reading-title = My first review
compare-one = Your next review will show here beside this one: you will see what moved, indicator by indicator, then each indicator as a line across your reviews.
lines-one = Each indicator will show here as a line once two reviews have scored it.
resume-survey = Resume: { $title } — step { $step } of { $steps }
plan-title = My action plan
plan-help = For each indicator, your next steps in your own words and the day you will take stock. The plan stays on this device and in its backup; it is never shared.
plan-next = Next steps
plan-review = Look again on
plan-saved = Plan saved on this device.
