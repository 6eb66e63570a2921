## Answering a survey.

next = Suivant
back = Précédent
summary-title = Récapitulatif
summary-lead = Relisez vos réponses avant de valider. Vous pouvez encore les modifier.
edit = Modifier
not-answered = Sans réponse
submit = Valider mes réponses
resumed = Vous reprenez là où vous vous étiez arrêté·e.
autosaved = Chaque réponse est enregistrée sur cet appareil dès que vous la donnez.
answered-of = Réponses : { $answered } sur { $visible } questions posées
result-title = Merci ! Voici votre bilan
result-again = Votre bilan du { $date }
sent-before = Ce bilan avait déjà été envoyé depuis un autre onglet ou une autre fenêtre : il n’est compté qu’une fois. Le voici tel qu’il a été enregistré.
answers-given = Relire vos réponses
companion-said = Accompagnateur·rice : { $answer }
storage-full = L’espace de stockage du navigateur est plein : cette réponse n’a pas été enregistrée. Tout ce qui l’était déjà est conservé. Libérez de la place (ou exportez une sauvegarde), puis répondez à nouveau.
step-of = Étape { $step } sur { $steps }
required-note = Les questions marquées d’un astérisque (*) sont obligatoires.
dismiss = Fermer ce message
survey-length = { $steps ->
        [one] { $steps } étape
       *[other] { $steps } étapes
    }, environ { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
month-placeholder = Mois
year-label = Année
two-views = Répondre avec mon accompagnateur·rice
two-views-help = Son regard s’inscrit à côté du vôtre, question par question, et reste sur cet appareil. Seules vos réponses comptent dans ce qui est partagé.
my-view = Mon regard
companion-view = Le regard de l’accompagnateur·rice
to-discuss = À discuter
to-discuss-help = Les questions où vos deux regards sont à deux niveaux ou plus l’un de l’autre.
to-discuss-item = { $question } : { $mine } pour vous, { $theirs } pour l’accompagnateur·rice
companion-score = Accompagnateur·rice
delete-reading = Supprimer ce bilan
confirm-delete-reading = Supprimer ce bilan de cet appareil ? C’est définitif. Les totaux anonymes qu’il a déjà partagés restent comptés : rien ne les relie à vous.
confirm-delete-here = Supprimer ce bilan de cet appareil ? C’est définitif.
reading-deleted = Ce bilan est supprimé de cet appareil.
reading-withdrawn = Ce bilan est supprimé de cet appareil. Ses totaux anonymes n’étaient pas encore partis : ils ne seront pas envoyés.
