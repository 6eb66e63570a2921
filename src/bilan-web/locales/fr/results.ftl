## Released tables as charts, on the projector and the board.

download-png = Télécharger l’image (PNG)
agree = Accord
answer = Réponse
college-means = Niveau moyen par collège
colleges = Les collèges
consensus = Où les collèges s’accordent ou divergent
diverge = Divergence
download-csv = Télécharger les données (CSV)
gap = Écart entre les moyennes
not-enough-colleges = Pas assez de réponses
nuanced = Nuances
question = Question
withheld-below = masqué (< { $k })
colleges-withheld = Pas de moyenne publiée pour : { $list } (chaque niveau y compte moins de { $k } personnes).
