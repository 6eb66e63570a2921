## Words several pages use, and errors.

journey-title = Mon parcours
journey-intro = Faites le point sur votre projet tous les quelques mois : appropriation, professionnalisation, développement personnel. Vos réponses restent sur cet appareil et vos progrès s’affichent en étoile et en courbes.
sessions-title = Séances collectives
sessions-intro = Animez une évaluation collective : une tablette qui passe de main en main ou les téléphones des participants, les résultats agrégés au vidéoprojecteur, le bilan participatif par collège.
board-title = Tableau de bord
board-intro = Pour le conseil d’administration : les chiffres de l’année, la répartition des indicateurs et la progression des personnes accompagnées — uniquement des agrégats anonymes.
go-journey = Faire mon auto-évaluation
go-sessions = Animer une séance
go-board = Voir le tableau de bord
open-session = Ouvrir la séance
cancel = Annuler
confirm-delete-button = Oui, supprimer
loading = Chargement…
storage-error = Le stockage de l’appareil a refusé l’opération : { $why }
record-unreadable = { $store ->
        [profiles] Un profil
        [readings] Un bilan
        [drafts] Un bilan en cours
        [sessions] Une séance
        [outbox] Un envoi en attente
        [settings] Un réglage
       *[other] Un enregistrement
    } de cet appareil est illisible (« { $id } ») et reste de côté. Détail : { $why }
remove-damaged = Retirer
confirm-remove-damaged = { $store ->
        [profiles] Supprimer ce profil illisible, avec ses bilans et ses bilans en cours ? C’est définitif, sauf si une sauvegarde les contient.
       *[other] Supprimer cet enregistrement illisible ? C’est définitif, sauf si une sauvegarde le contient.
    }
dont-know = Je ne sais pas
yes = Oui
no = Non
other = Autre
indicator = Indicateur
score = Score (sur 100)
answers-count = Réponses
back-to-journey = Retour à mon parcours
profile-missing = Ce profil n’existe pas sur cet appareil.
err-required = Cette question attend une réponse.
err-range = Choisissez une réponse proposée.
err-number = Entrez un nombre en chiffres, par exemple 12 500 ou 2,5.
err-ambiguous = Est-ce { $decimal } ou { $whole } ? Écrivez { $decimal } ou { $example }.
err-whole = Entrez un nombre entier.
err-min = Le nombre doit être au moins { $min }.
err-max = Le nombre doit être au plus { $max }.
err-date = Entrez une date complète.
err-too-many = Trop de choix : au plus { $n }.
import-done = Sauvegarde importée : cet appareil compte { $what } de plus.
import-updated = Mis à jour : { $what }.
import-only-updated = Sauvegarde importée. Mis à jour : { $what }.
import-kept = { $n ->
        [one] Un autre y était déjà.
       *[other] { $n } autres y étaient déjà.
    }
import-nothing-new = Sauvegarde importée : rien de nouveau, cet appareil avait déjà tout.
import-profiles = { $n ->
        [one] { $n } profil
       *[other] { $n } profils
    }
import-readings = { $n ->
        [one] { $n } bilan
       *[other] { $n } bilans
    }
import-drafts = { $n ->
        [one] { $n } bilan en cours
       *[other] { $n } bilans en cours
    }
import-sessions = { $n ->
        [one] { $n } séance
       *[other] { $n } séances
    }
backup-help = Un fichier avec les profils, les bilans et les séances de cet appareil, pour changer d’appareil ou les garder en lieu sûr. Il contient des réponses : gardez-le pour vous.
backup-left-out = { $n ->
        [one] Sauvegarde écrite, sauf un enregistrement illisible de cet appareil
       *[other] Sauvegarde écrite, sauf { $n } enregistrements illisibles de cet appareil
    } : { $which }
import-refused = Fichier refusé, rien n’a été modifié : { $why }
file-not-json = ce fichier n’est pas lisible : il est peut-être abîmé ou incomplet
backup-foreign = ce n’est pas une sauvegarde Bilan
backup-is-session = c’est le fichier d’une séance, à importer avec « Importer un fichier de séance » (page Séances collectives)
session-is-backup = c’est une sauvegarde de l’appareil, à importer avec « Importer une sauvegarde »
file-newer = ce fichier vient d’une version plus récente de Bilan : mettez l’application à jour
file-damaged = le fichier est abîmé : une partie de son contenu est illisible
file-where = Détail technique : ligne { $line }, colonne { $column }
star-title = { $n ->
        [one] Votre indicateur, de 0 à 100
       *[other] Vos { $n } indicateurs, de 0 à 100
    }
my-progress = Mes progrès
date = Date
show-table = Voir les données en tableau
chart-unavailable = Le graphique n’a pas pu être affiché : il n’est pas sur cet appareil et le réseau ne répond pas. Le tableau donne les mêmes chiffres.
college-comparison = Comparaison des collèges
join-code = Code de la séance
server-unreachable = Le serveur ne répond pas : réessayez une fois en ligne.
server-full = Le serveur est plein pour le moment : rien n’a été enregistré, l’envoi sera réessayé plus tard.
session-bad-code = Le code de séance n’est pas valable ({ $code }).
session-bad-date = Cette date n’existe pas ({ $date }).
session-out-of-reach = Choisissez un jour du { $from } au { $to } : le serveur ne date ni ne compte une séance plus ancienne ou plus lointaine.
session-foreign = ce n’est pas un fichier de séance Bilan
session-is-closed = Cette séance est clôturée : ses résultats sont déjà partis, elle n’accepte plus de réponses.
session-no-date = Indiquez le jour de la séance (jour, mois et année).
session-no-title = Donnez un titre à la séance.
session-other-survey = Ces réponses sont pour un autre questionnaire ({ $got } ≠ { $expected }).
session-survey = Questionnaire
participants-label = Participants
perturbed-note = Pour que personne ne puisse être reconnu, chaque nombre est légèrement modifié, de { $noise } au plus.
