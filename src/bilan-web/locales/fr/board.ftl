## The board: yearly figures and released tables.

answers-overall = Réponses aux questions
board-token-help = Le jeton vous a été remis par l’administrateur·rice du serveur. Il reste sur cet appareil.
board-token-title = Accès du conseil d’administration
board-token = Jeton d’accès du conseil
change-token = Changer de jeton
cohort-progress = Progression de la cohorte
indicator-distributions = Répartition des indicateurs
no-tables-yet = Aucun tableau publié pour l’instant : un tableau est publié à date fixe, { $every ->
        [hour] à chaque heure pile
        [day] chaque jour à minuit (UTC)
        [week] chaque lundi à minuit (UTC)
       *[month] le 1er de chaque mois
    }, dès qu’il compte assez de personnes.
not-reported = non renseigné
open-dashboard = Ouvrir le tableau de bord
period = Période
print-view = Imprimer ou enregistrer en PDF
sessions-held = Séances collectives
year = Année
yearly-figures = Chiffres d’activité par année
withheld-note = Une case qui compterait moins de { $k } personnes n’est pas montrée (« masqué »).
frozen-on = Données arrêtées au { $date }.
not-published-yet = Rien n’est encore publié pour ce tableau : les tableaux du conseil sont publiés à date fixe, { $every ->
        [hour] à chaque heure pile
        [day] chaque jour à minuit (UTC)
        [week] chaque lundi à minuit (UTC)
       *[month] le 1er de chaque mois
    }.
printed-title = Tableau de bord — { $survey } — { $period } — imprimé le { $date }
printed-report = Le document fait pour l’impression est le rapport annuel (« Rapport annuel », en haut du tableau de bord).
table-people-about = { $n ->
        [one] ≈ { $n } réponse
       *[other] ≈ { $n } réponses
    }
table-people-below = moins de { $k } réponses
versions-added = Ce tableau additionne les { $versions } du questionnaire. Une question reformulée garde ses réponses à part, sous son ancienne formulation suivie de sa version.
demo-data = Données de démonstration : ce Pôle est fictif. Seuls les chiffres d’activité de 2003 et 2010 sont réels.
no-survey-published = Aucun questionnaire publié
no-period-published = Aucune période publiée
spreadsheet-ods = Tableur (ODS)
spreadsheet-xlsx = Tableur (Excel)
