## Released tables as charts, on the projector and the board.

download-png = Download the image (PNG)
agree = Agree
answer = Answer
college-means = Mean level by college
colleges = The colleges
consensus = Where the colleges agree or diverge
diverge = Divergent
download-csv = Download the data (CSV)
gap = Gap between means
not-enough-colleges = Not enough answers
nuanced = Some differences
progress-down20 = Down 20 points or more
progress-down5 = Down 5 to 20 points
progress-same = Steady (under 5 points)
progress-up20 = Up 20 points or more
progress-up5 = Up 5 to 20 points
progress = Progress
question = Question
score-title = Score (out of 100) — { $indicator }
withheld-below = withheld (< { $k })
progress-indicator-title = Progress — { $indicator }
