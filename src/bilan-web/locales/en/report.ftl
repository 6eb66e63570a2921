## The annual report: one document for the general assembly and the funders.

annual-report = Annual report
report-title = Annual report { $year }
report-needs-token = The report is read with the board's token: open the dashboard first.
back-to-board = Back to the dashboard
report-year = Year
report-frozen = Data frozen on { $date }
report-footer = { $name } — Annual report { $year } — data frozen on { $date } — threshold k = { $k }
report-summary = { $people } answers from project holders, { $sessions } collective sessions, about { $participants } participants.
report-figures = Activity over the years
report-figure-change = { $figure }: from { $from } in { $start } to { $to } in { $end } ({ $change }%).
report-indicators = The seven indicators
report-indicators-lead = For each indicator, this year's spread of scores and how far those with at least two reviews travelled since their first.
report-moved = Since their first review: { $up } moved up, { $same } held steady, { $down } moved down.
report-moved-counts = Since their first review: { $up } moved up, { $same } held steady, { $down } moved down (in people: a band of fewer than { $k } is not published).
at-least = at least { $n }
fewer-than = fewer than { $n }
report-not-published = Nothing is published this year for this indicator.
report-sessions = Collective sessions
report-by-format = Sessions by format
report-sessions-count = Sessions
report-review = The participatory review: the colleges side by side
report-method = Method
report-method-who = Who answered: project holders, from "My journey" on their own device, and the participants of collective sessions. No individual answer leaves a device: only anonymous counts are sent.
report-method-k = Threshold: no published number counts fewer than { $k } people. A table of fewer than { $k } people is not published at all.
report-method-noise = Perturbation: each number is changed slightly, by { $noise } at most, so that nobody can be recognised by comparing two tables. Totals are therefore approximate (≈).
report-method-np = "Not published" (n.p., "hidden"): the cell would count fewer than { $k } people, or would let someone be recognised. It is never zero.
report-method-versions = Surveys used: { $list }.
report-method-demo = This report is made of demo data: the Pôle and its project holders are fictitious, except the 2003 and 2010 activity figures.
report-compare = Compare with
report-no-comparison = No year
report-cohort-star = The cohort's star
report-started = At the first review
report-this-year = This year
report-star-note = Median of the published score bands (out of 100): at the first review of those who made another since, and for this year's reviews. n.p.: the bands not published (fewer than { $k } people each) could move it.
