## Released tables as charts, on the projector and the board.

download-png = Télécharger l'image (PNG)
agree = Accord
answer = Réponse
college-means = Niveau moyen par collège
colleges = Les collèges
consensus = Où les collèges s'accordent ou divergent
diverge = Divergence
download-csv = Télécharger les données (CSV)
gap = Écart entre les moyennes
not-enough-colleges = Pas assez de réponses
nuanced = Nuances
progress-down20 = Recul de 20 points ou plus
progress-down5 = Recul de 5 à 20 points
progress-same = Stable (moins de 5 points)
progress-up20 = Progrès de 20 points ou plus
progress-up5 = Progrès de 5 à 20 points
progress = Progression
question = Question
score-title = Score (sur 100) — { $indicator }
withheld-below = masqué (< { $k })
progress-indicator-title = Progression — { $indicator }
