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
answered-of = Answers: { $answered } of { $visible }
result-title = Thank you! Here is your review
storage-full = The browser's storage is full: this answer was not saved. Everything saved before is kept. Free some space (or export a backup), then answer again.
