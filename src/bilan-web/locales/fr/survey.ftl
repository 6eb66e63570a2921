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
answered-of = Réponses : { $answered } sur { $visible } questions posées
result-title = Merci ! Voici votre bilan
storage-full = L'espace de stockage du navigateur est plein : cette réponse n'a pas été enregistrée. Tout ce qui l'était déjà est conservé. Libérez de la place (ou exportez une sauvegarde), puis répondez à nouveau.
step-of = Étape { $step } sur { $steps }
required-note = Les questions marquées d'un astérisque (*) sont obligatoires.
dismiss = Fermer ce message
survey-length = { $steps ->
        [one] { $steps } étape
       *[other] { $steps } étapes
    }, environ { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
month-placeholder = Mois
year-label = Année
