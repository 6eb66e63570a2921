## Collective sessions: the facilitator's space, the kiosk, phones joining and the projector.

back-to-session = Retour à la séance
back-to-sessions = Retour aux séances
choose-pin = Choisissez un code PIN (4 à 12 chiffres) pour sortir du mode kiosque
close-and-send = Clôturer et envoyer
close-help = Une fois clôturée, la séance n’accepte plus de réponses ; ses totaux (jamais les réponses de chacun) partent une seule fois vers le serveur, dès qu’il est joignable.
close-session = Clôturer la séance
closed-on = Clôturée le { $date }
totals-title = Envoi des totaux
confirm-close = Clôturer la séance et envoyer ses totaux ? ({ $count ->
        [0] aucun participant
        [one] { $count } participant
       *[other] { $count } participants
    })
confirm-close-phones = Clôturer la séance ? { $count ->
        [0] Cet appareil n’a pas de réponses à envoyer
        [one] La réponse du participant de cet appareil part en totaux
       *[other] Les réponses des { $count } participants de cet appareil partent en totaux
    } ; celles des téléphones sont déjà comptées par le serveur, qui n’en prendra plus.
confirm-delete-session = Supprimer cette séance et toutes ses réponses de cet appareil ? C’est définitif.
create-session = Créer la séance
delete-session = Supprimer la séance
export-answers = Exporter les réponses (fichier)
facilitator-pin = Code PIN de l’animateur·rice
kiosk-help = Une seule tablette passe de main en main : après chaque personne, l’écran est effacé. Pour en sortir, il faut votre code PIN.
kiosk-mode = Mode kiosque
kiosk-privacy = Vos réponses sont anonymes : elles restent sur cet appareil et seuls les totaux de la séance sont partagés.
kiosk-start = Je commence
kiosk-thanks = Merci — passez l’appareil
leave-kiosk = Quitter le mode kiosque
live-lead = Les résultats se mettent à jour par groupes de participants : aucune réponse ne s’y lit seule.
live-results = Écran des résultats
new-session = Nouvelle séance
not-enough-yet = Pas encore assez de réponses : les résultats s’affichent à partir de { $k } participants.
not-linked-yet = Cet appareil n’est relié à aucun serveur : les totaux attendent sur l’appareil. Ouvrez le lien d’accès remis par l’administrateur·rice.
pin-forgotten = Code PIN oublié ?
pin-forgotten-link = Collez un lien d’accès d’accompagnateur·rice : il remplace le code PIN.
pin-forgotten-wrong = Ce lien ne fait pas sortir du mode kiosque : il y faut un lien d’accompagnateur·rice (et le réseau, s’il n’a pas relié cet appareil).
pin-again = Le même code PIN, encore une fois
pin-invalid = Le code PIN doit compter 4 à 12 chiffres.
pin-mismatch = Les deux codes PIN ne sont pas les mêmes.
pin-needs-secure-address = Le code PIN du mode kiosque ne peut pas être créé à cette adresse : le navigateur ne le calcule qu’à une adresse sécurisée (https://). Ouvrez Bilan par son adresse en https://.
pin-no-crypto = Ce navigateur refuse de calculer le code PIN du mode kiosque. Essayez avec un navigateur à jour.
pin-wrong = Ce n’est pas le bon code PIN.
session-closed = Clôturée
session-format = Format
session-import-help = Réunissez ici les réponses recueillies sur une autre tablette sans réseau : chaque réponse n’est comptée qu’une fois, même si le fichier est importé deux fois.
session-import-title = Importer les réponses d’une autre tablette
session-missing = Cette séance n’existe pas sur cet appareil.
session-open = En cours
session-status = État
session-title-label = Titre de la séance
session-date-fixed = Ouverte aux téléphones, la séance garde sa date : le serveur range ses réponses sous son année.
sessions-empty = Aucune séance sur cet appareil pour l’instant.
start-kiosk = Démarrer le mode kiosque
totals-sent = Les totaux de la séance ont été reçus par le serveur.
totals-link-denied = Le serveur ne reconnaît plus le lien de cet appareil et a refusé les totaux de la séance, qui restent ici. Demandez un nouveau lien d’accès à l’administrateur·rice et ouvrez-le sur cet appareil : ils partiront avec lui.
totals-waiting = { $n ->
        [one] { $n } total en attente d’envoi.
       *[other] { $n } totaux en attente d’envoi.
    }
unlock = Déverrouiller
your-sessions = Vos séances
join-bad-code = Ce code n’est pas un code de séance : neuf lettres et chiffres, sans 0, O, 1, I ni L.
join-offline = Le serveur de la séance ne répond pas : vérifiez la connexion et réessayez.
join-unknown = Aucune séance ouverte n’a ce code.
join-closed = Cette séance est terminée : elle ne prend plus de réponses.
join-title = Rejoindre une séance
join-send-failed = Vos réponses ne sont pas encore parties : le serveur ne répond pas. Elles partiront d’elles-mêmes quand le téléphone retrouvera le réseau, ou touchez « Réessayer ».
retry = Réessayer
join-thanks = Merci, vos réponses sont comptées
join-privacy = Réponses anonymes : seuls des totaux partent vers le serveur, sans votre nom. Ce téléphone retient seulement que vous avez répondu à cette séance, pour ne compter qu’une réponse par téléphone.
join-already = Ce téléphone a déjà répondu à cette séance : une réponse par téléphone. Merci !
join-already-other = Une autre personne veut répondre ? Sur son propre téléphone, ou sur l’appareil de l’animateur·rice en mode kiosque.
join-strip = Vous participez à une séance ? Tapez son code :
type-code-again = Retaper le code
join-button = Rejoindre
own-devices = Sur les téléphones des participants
own-devices-help = Ouvrez la séance sur le serveur : chacun la rejoint avec son téléphone en scannant le code QR ou en tapant le code. Il faut une connexion.
own-devices-open = Scannez le code QR, ou ouvrez Bilan et tapez le code sur sa page d’accueil :
open-to-phones = Ouvrir aux téléphones
qr-of = Code QR du lien { $link }
import-session-file = Importer un fichier de séance
step-note = Résultats des { $n } premiers participants ; mise à jour tous les { $k } participants.
closed-note = Résultats des { $n } participants de la séance.
colleges-waiting = Chaque collège apparaîtra à part dès qu’il comptera { $k } personnes : en attente de réponses.
other-colleges = Les autres collèges sont regroupés : trop peu de personnes pour les montrer à part.
pin-locked = Trop d’essais. Réessayez dans { $wait }.
join-too-fast = Trop de codes essayés depuis ce réseau : attendez quelques secondes, puis réessayez.
participants-count = { $count ->
        [one] { $count } participant
       *[other] { $count } participants
    }
session-import-done = Fichier de séance importé : { $added ->
        [0] aucune réponse nouvelle, elles étaient toutes déjà là.
        [one] { $added } réponse nouvelle.
       *[other] { $added } réponses nouvelles.
    }
scan-to-answer = Scannez pour répondre
one-question-at-a-time = Une question à la fois
move-on-by-itself = Défiler seul (12 s par question)
arrows-to-move-on = Flèches ← → (ou la télécommande) pour passer d’une question à l’autre, Échap pour les revoir toutes.

## Révision de la grille
review-of-grid = Révision de la grille : { $title }
review-title-short = Préparer la version suivante de la grille
review-title = Préparer la version { $version } de la grille
review-lead = Ce que la salle a dit, selon les règles de l’écran des résultats. Décidez pour chaque question. Une question reformulée prend un nouvel identifiant : ses réponses ne seront pas comparées à l’ancienne.
review-said = La salle : { $keep } pour garder · { $reword } pour reformuler · { $drop } pour retirer
review-not-shown = La salle : pas assez de réponses à montrer, gardée par défaut
verdict-keep = Garder
verdict-reword = Reformuler
verdict-drop = Retirer
review-proposals = Questions proposées par la salle (sur cet appareil seulement, jamais envoyées)
review-save = Enregistrer la version { $version }
review-written = « { $file } » enregistré (gardées : { $kept }, à reformuler : { $reworded }, retirées : { $dropped }). À déposer dans le dossier des questionnaires du serveur.
review-needed-by = « { $dropped } » ne peut pas être retirée : « { $by } » n’est posée que selon sa réponse. Retirez les deux, ou gardez-la.
review-empty = Toutes les questions seraient retirées : une grille en garde au moins une.
review-invalid = La version écrite ne passe pas la vérification : { $errors }
review-by-college = Ce que veut chaque collège : le choix le plus fréquent, et combien l’ont fait
live-sources = dont kiosque : { $kiosk } · téléphones : { $phones }
written-title = Ce que les participants ont écrit
written-help = Écrit sur cet appareil, jamais envoyé : à lire avec le groupe. Dans l’ordre alphabétique, rien n’y dit qui a écrit quoi.
written-open = { $count ->
        [one] Lire la réponse écrite
       *[other] Lire les { $count } réponses écrites
    }
kiosk-still-there = Toujours là ? Sans un geste, ces réponses seront effacées dans une demi-minute, pour la personne suivante.
kiosk-go-on = Je continue
refused-totals-taken = Le serveur a déjà les totaux de cette séance, reçus d’un autre appareil : elle ne compte qu’une fois.
refused-other-facilitator = Cette séance a été ouverte sur le serveur par un·e autre animateur·rice : seuls ses appareils en envoient les totaux.

## The questionnaire on paper, for the people who answer with a pen.
paper-version = Version papier
paper-title = Le questionnaire sur papier
paper-lead = Pour les personnes qui répondent au stylo. Saisissez ensuite chaque feuille en mode kiosque : ses réponses comptent comme les autres, et la feuille peut être détruite. Cochez sa case « Saisie » une fois fait : une feuille saisie deux fois compterait deux fois.
paper-typed = Saisie dans Bilan (réservé à l’animateur·rice)
paper-lead-holder = Pour y réfléchir au calme, ou y répondre au stylo avec votre accompagnateur·rice. Reportez ensuite vos réponses dans votre parcours : elles y restent sur votre appareil, et vos progrès s’y dessinent.
paper-yours = Cette feuille est à vous : gardez-la, puis reportez vos réponses dans « Mon parcours ».
paper-together = Deux cases par niveau : la première pour vous, la seconde pour votre accompagnateur·rice.
paper-filled-on = Date : …… / …… / …………
back-to-survey = Retour au questionnaire
paper-no-name = N’écrivez pas votre nom : vos réponses restent anonymes, seuls les totaux de la séance sont partagés.
paper-how = Cochez une case par question, sauf quand plusieurs réponses sont possibles. Les questions marquées d’un astérisque (*) sont obligatoires.
paper-several = Plusieurs réponses possibles.
paper-at-most-choices = { $n } réponses au plus.
paper-only-if = Seulement si { $condition }.
paper-answered = { $answer } à { $question }
paper-question = la question { $n }
paper-other-than = autre que { $value }
paper-less-than = moins de { $value }
paper-at-most = { $value } au plus
paper-more-than = plus de { $value }
paper-at-least = { $value } au moins
paper-and = et
paper-or = ou
paper-not = pas ({ $condition })
paper-between = Un nombre entre { $min } et { $max }.
paper-number-from = Un nombre de { $value } ou plus.
paper-number-up-to = Un nombre de { $value } au plus.
paper-day-month-year = jour / mois / année
paper-month-year = mois / année
