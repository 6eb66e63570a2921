## The board: yearly figures and released tables.

answers-overall = Answers to the questions
board-token-help = The server’s administrator gave you this token. It stays on this device.
board-token-title = Board access
board-token = Board access token
change-token = Change token
cohort-progress = Progress of the cohort
indicator-distributions = How the indicators are spread
no-tables-yet = No table is published yet: a table is published on a fixed date, { $every ->
        [hour] on the hour, every hour
        [day] every day at midnight (UTC)
        [week] every Monday at midnight (UTC)
       *[month] on the 1st of each month
    }, once it counts enough people.
not-reported = not reported
open-dashboard = Open the dashboard
period = Period
print-view = Print or save as PDF
sessions-held = Group sessions
year = Year
yearly-figures = Activity figures by year
withheld-note = A cell that would count fewer than { $k } people is not shown (“withheld”).
frozen-on = Figures as of { $date }.
not-published-yet = Nothing is published for this table yet: the board’s tables are published on fixed dates, { $every ->
        [hour] on the hour, every hour
        [day] every day at midnight (UTC)
        [week] every Monday at midnight (UTC)
       *[month] on the 1st of each month
    }.
printed-title = Dashboard — { $survey } — { $period } — printed on { $date }
printed-report = The document made for paper is the annual report (“Annual report”, at the top of the dashboard).
table-people-about = { $n ->
        [one] ≈ { $n } response
       *[other] ≈ { $n } responses
    }
table-people-below = fewer than { $k } responses
versions-added = This table adds up { $versions } of the survey. A reworded question keeps its answers apart, under its old wording followed by its version.
demo-data = Demo data: this Pôle is fictitious. Only the 2003 and 2010 activity figures are real.
no-survey-published = No survey published
no-period-published = No period published
spreadsheet-ods = Spreadsheet (ODS)
spreadsheet-xlsx = Spreadsheet (Excel)
