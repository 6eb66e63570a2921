## The annual report: one document for the general assembly and the funders.

annual-report = Rapport annuel
report-title = Rapport annuel { $year }
report-needs-token = Le rapport se lit avec le jeton du conseil : ouvrez d’abord le tableau de bord.
back-to-board = Retour au tableau de bord
report-year = Année
report-frozen = Données arrêtées au { $date }
report-footer = { $name } — Rapport annuel { $year } — données arrêtées au { $date } — seuil k = { $k }
report-summary = { $people } réponses de porteurs et porteuses de projet, { $sessions } séances collectives, environ { $participants } participants.
report-figures = L’activité au fil des années
report-figure-change = { $figure } : de { $from } en { $start } à { $to } en { $end } ({ $change } %).
report-indicators = Les sept indicateurs
report-indicators-lead = Pour chaque indicateur, la répartition des scores de l’année et le chemin parcouru par celles et ceux qui ont fait au moins deux bilans, depuis le premier.
report-moved = Depuis leur premier bilan : { $up } en progrès, { $same } stables, { $down } en recul.
report-moved-counts = Depuis leur premier bilan : { $up } en progrès, { $same } stables, { $down } en recul (en nombre de personnes : une tranche de moins de { $k } n’est pas publiée).
at-least = au moins { $n }
fewer-than = moins de { $n }
report-not-published = Rien n’est publié cette année pour cet indicateur.
report-sessions = Les séances collectives
report-by-format = Séances par format
report-sessions-count = Séances
report-review = Le bilan participatif : les collèges côte à côte
report-method = Méthode
report-method-who = Qui a répondu : les porteurs et porteuses de projet, depuis « Mon parcours » sur leur propre appareil, et les participants des séances collectives. Aucune réponse individuelle ne quitte l’appareil : seuls des comptages anonymes sont envoyés.
report-method-k = Seuil : aucun nombre publié ne compte moins de { $k } personnes. Un tableau de moins de { $k } personnes n’est pas publié du tout.
report-method-noise = Perturbation : chaque nombre est légèrement modifié, de { $noise } au plus, pour que personne ne puisse être reconnu en comparant deux tableaux. Les totaux sont donc approchés (≈).
report-method-np = « Non publié » (n.p., « masqué ») : la case compterait moins de { $k } personnes, ou permettrait de reconnaître quelqu’un. Ce n’est jamais zéro.
report-method-versions = Questionnaires utilisés : { $list }.
report-method-demo = Ce rapport est fait de données de démonstration : le Pôle et ses porteurs sont fictifs, sauf les chiffres d’activité de 2003 et 2010.
report-compare = Comparer avec
report-no-comparison = Aucune année
report-cohort-star = L’étoile de la cohorte
report-started = Au premier bilan
report-this-year = Cette année
report-star-note = Médiane des tranches de score publiées (sur 100) : au premier bilan de celles et ceux qui en ont fait un autre depuis, et pour les bilans de l’année. n.p. : les tranches non publiées (moins de { $k } personnes chacune) pourraient la déplacer.
