## Answering a survey.

next = Next
back = Back
summary-title = Summary
summary-lead = Read your answers before submitting. You can still change them.
edit = Change
not-answered = Not answered
submit = Submit my answers
resumed = You are picking up where you left off.
autosaved = Each answer is saved on this device as soon as you give it.
answered-of = Answered: { $answered } of { $visible } questions asked
result-title = Thank you! Here is your review
result-again = Your review of { $date }
sent-before = This review had already been sent from another tab or window: it counts once. Here it is as it was stored.
answers-given = Read your answers again
companion-said = Facilitator: { $answer }
storage-full = The browser’s storage is full: this answer was not saved. Everything saved before is kept. Free some space (or export a backup), then answer again.
step-of = Step { $step } of { $steps }
required-note = Questions marked with an asterisk (*) are required.
dismiss = Close this message
survey-length = { $steps ->
        [one] { $steps } step
       *[other] { $steps } steps
    }, about { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
month-placeholder = Month
year-label = Year
two-views = Answer with my facilitator
two-views-help = Their view is recorded beside yours, question by question, and stays on this device. Only your answers count in what is shared.
my-view = My view
companion-view = The facilitator’s view
to-discuss = To discuss
to-discuss-help = The questions where your two views are two levels or more apart.
to-discuss-item = { $question }: { $mine } for you, { $theirs } for your facilitator
companion-score = Facilitator
delete-reading = Delete this review
confirm-delete-reading = Delete this review from this device? This cannot be undone. The anonymous totals it already shared stay counted: nothing links them to you.
confirm-delete-here = Delete this review from this device? This cannot be undone.
reading-deleted = This review is deleted from this device.
reading-withdrawn = This review is deleted from this device. Its anonymous totals had not left yet: they will not be sent.
