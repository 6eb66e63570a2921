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
question = Question
withheld-below = withheld (< { $k })
colleges-withheld = No published mean for: { $list } (each level counts fewer than { $k } people there).
