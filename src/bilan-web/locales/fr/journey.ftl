## A holder's journey: profiles, backups, sharing and progress.

profiles-title = Mes profils
profiles-empty = Aucun profil sur cet appareil pour l’instant. Créez le vôtre pour commencer.
new-profile = Nouveau profil
pseudonym = Votre prénom ou un pseudonyme
project-name = Le nom de votre projet
profile-privacy = Ces informations restent uniquement sur cet appareil : elles ne sont jamais envoyées.
create-profile = Créer le profil
edit-profile = Modifier le profil
save = Enregistrer
field-required = Ce champ est à remplir.
created-on = Créé le
reviews-so-far = { $count ->
        [one] Un bilan, le { $date }
       *[other] { $count } bilans, le dernier le { $date }
    }
next-point = Prochain point le { $date } : { $indicators }.
point-due = Point prévu le { $date } : { $indicators }. C’est le moment d’un nouveau bilan.
add-to-calendar = Ajouter à mon agenda
point-reminder = Bilan : faire le point ({ $indicators })
delete-profile = Supprimer
confirm-delete = Supprimer ce profil et toutes ses réponses ? C’est définitif.
backup-title = Sauvegarde
export-data = Sauvegarder tout (fichier de sauvegarde)
import-data = Importer une sauvegarde
last-backup = Dernière sauvegarde le { $date }.
never-backed-up = Aucune sauvegarde depuis cet appareil pour l’instant.
export-csv = Télécharger mes bilans (tableur)
nothing-to-export = Aucune réponse validée à exporter pour l’instant.
csv-left-out = { $n ->
        [one] Un bilan illisible de cet appareil n’est pas dans l’export
       *[other] { $n } bilans illisibles de cet appareil ne sont pas dans l’export
    } : { $which }
progress-title = Mes progrès
progress-lead = Chaque bilan que vous validez s’ajoute ici. Comparez deux bilans et suivez chaque indicateur dans le temps.
no-readings = Pas encore de bilan validé : faites votre auto-évaluation pour voir vos progrès.
readings = Vos bilans
compare-title = Comparer deux bilans
compare-from = Bilan de départ
compare-to = Bilan à comparer
lines-title = Vos indicateurs au fil du temps
progress-versions = Vos bilans ont été faits avec plusieurs versions du questionnaire, révisé entre-temps. Chaque indicateur se suit d’une version à l’autre ; une question reformulée n’est jamais comparée à son ancienne formulation.
changes-title = Ce qui a changé depuis le bilan précédent
no-change = stable à { $to }
change-amount = de { $from } à { $to } ({ $delta })
one-reading = Votre premier bilan « { $survey } » : le prochain montrera ce qui a changé.
sharing-title = Partager mes résultats anonymes
not-linked = Cet appareil n’est relié à aucun serveur : vos réponses restent ici. Pour compter dans les statistiques de votre structure, ouvrez le lien que votre accompagnatrice ou accompagnateur vous donne.
joined = Cet appareil est maintenant relié au serveur de votre structure. Rien n’est envoyé tant que vous ne l’avez pas accepté ci-dessous.
sharing-explain = Si vous acceptez, chaque bilan envoie seulement des tranches : le niveau choisi sur chaque échelle partagée, la tranche de vos scores (par exemple 40 à 60), l’année. Jamais votre pseudonyme, votre projet, vos textes, vos dates exactes ni vos montants. Le serveur ne montre aucun chiffre qui concerne moins de 5 personnes.
sharing-consent = J’accepte que mes prochains bilans soient comptés, de façon anonyme, dans les statistiques de la structure.
sharing-preview = Voir exactement ce qui serait envoyé pour mon dernier bilan
nothing-to-preview = Validez un bilan pour voir ce qu’il enverrait.
all-sent = Tout est envoyé.
last-error = Dernier essai : { $why }
refused-by = Refusé par le serveur : { $why }
refused-count = { $n ->
    [one] Un envoi refusé
   *[other] { $n } envois refusés
}
link-denied = Le serveur ne reconnaît plus le lien de cet appareil. Demandez un nouveau lien de partage à votre accompagnateur·rice et ouvrez-le ici : ce qui a été refusé partira avec lui.
refused-old-period = Le serveur ne prend que les réponses de cette année et de l’an dernier : celles-ci, plus anciennes, restent sur cet appareil sans être partagées.
refused-survey-version = Le serveur ne prend pas ces réponses dans la version du questionnaire où elles ont été données : elles restent sur cet appareil. Parlez-en à l’administrateur·rice du serveur, puis réessayez.
refused-bad-token = Le serveur ne reconnaît pas cet accès (jeton ou lien) : il est inconnu ou a été révoqué. Demandez-en un nouveau à l’administrateur·rice du serveur.
refused-forbidden = Cet accès (jeton ou lien) ne permet pas cela : il a été fait pour un autre rôle. Demandez celui qui convient à l’administrateur·rice du serveur.
nothing-waiting = Rien n’attend d’être envoyé.
drop-held = { $n ->
    [one] Ne jamais l’envoyer
   *[other] Ne jamais les envoyer
}
send-now = Envoyer maintenant
retry-refused = Réessayer les envois refusés
change-since = { $amount } depuis le { $when }
pending-count = { $n } en attente d’envoi
pending-held = { $n ->
    [one] Un bilan en attente d’envoi, retenu tant que vous n’acceptez pas le partage.
   *[other] { $n } bilans en attente d’envoi, retenus tant que vous n’acceptez pas le partage.
}
score-of-indicator = { $indicator } (score)
progress-of-indicator = { $indicator } (évolution depuis le premier bilan)
rank-of-day = { NUMBER($n, type: "ordinal") ->
        [one] 1er bilan
       *[other] { $n }e bilan
    }
reading-of-day = { $date }, { NUMBER($n, type: "ordinal") ->
        [one] 1er bilan
       *[other] { $n }e bilan
    }
change-since-previous = { $amount } depuis votre bilan précédent
first-reading-title = Mon premier bilan
compare-one = Votre prochain bilan s’affichera ici à côté de celui-ci : vous verrez ce qui a bougé, indicateur par indicateur, puis chaque indicateur en ligne au fil de vos bilans.
lines-one = Chaque indicateur s’affichera ici en ligne dès qu’il aura été évalué dans deux bilans.
resume-survey = Reprendre : { $title } — étape { $step } sur { $steps }
plan-title = Mon plan d’action
plan-help = Pour chaque indicateur, vos prochaines étapes dans vos mots et le jour où vous ferez le point. Le plan reste sur cet appareil et dans sa sauvegarde ; il n’est jamais partagé.
plan-next = Prochaines étapes
plan-review = À revoir le
plan-saved = Plan enregistré sur cet appareil.
