## « Vos données »: what Bilan keeps, what leaves the device, what others see.

your-data-title = Vos données
your-data-link = Comment Bilan les protège
your-data-lead = Bilan est fait pour que vos réponses restent à vous. Voici ce qui reste sur cet appareil, ce qui en part et ce que d’autres en voient.
your-data-kept-title = Ce qui reste sur cet appareil
your-data-kept = Vos profils (prénom ou pseudonyme, nom du projet), vos bilans et toutes vos réponses, y compris ce que vous écrivez avec vos mots, vos brouillons et votre plan d’action ; pour les accompagnateurs et accompagnatrices, leurs séances. Tout est enregistré dans ce navigateur, sur cet appareil : ni le Pôle ni le serveur ne peuvent le lire.
your-data-kept-safe = Un navigateur qui manque de place peut effacer ces données, sauf s’il a accepté de les garder (Bilan le lui demande). Une sauvegarde, sur « Mon parcours », les met en lieu sûr ; gardez ce fichier pour vous, il contient vos réponses.
your-data-shared-title = Ce qui en part, seulement si vous le voulez
your-data-shared = Si votre accompagnateur ou accompagnatrice a relié cet appareil au serveur de votre structure, et seulement si vous cochez le partage, chaque bilan envoie des totaux anonymes : pour chaque indicateur et chaque question qui peut l’être, une tranche ajoutée à un compteur (par exemple « score de 40 à 60 en professionnalisation : une personne de plus »), avec l’année.
your-data-never = Jamais votre nom, votre projet, ce que vous avez écrit, un montant exact, une date, ni rien qui désigne l’appareil. Le serveur ne garde que des compteurs : il ne sait pas quelles réponses sont arrivées ensemble. Décochez le partage quand vous voulez : ce qui n’est pas encore parti reste sur l’appareil.
your-data-board-title = Ce que voit le conseil d’administration
your-data-board = Des tableaux d’assez de personnes pour que nul n’y soit seul : cinq, ou le seuil que règle le serveur, jamais moins de trois. Chaque nombre y est légèrement modifié, de deux au plus, et dans les tableaux de l’année une case trop petite n’est pas montrée. Les relire donne les mêmes nombres ; pour y retrouver les réponses d’une personne, il faudrait connaître celles de toutes les autres, et même alors un tableau n’y suffit pas.
your-data-sessions-title = Dans une séance collective
your-data-sessions = Sur la tablette qui passe de main en main, vos réponses restent sur la tablette et l’écran est effacé avant la personne suivante ; ce que vous écrivez avec vos mots, l’animateur ou l’animatrice peut le lire au groupe, sans savoir qui l’a écrit ; seuls les totaux de la séance partent, une fois. Sur votre téléphone, vos réponses vont au serveur, qui les ajoute à ses compteurs sans les garder une à une ; le téléphone ne retient que le fait que vous avez répondu.
your-data-erase-title = Effacer
your-data-erase = Supprimez un bilan donné par erreur depuis sa page, ou un profil et tout ce qu’il contient depuis « Mon parcours » : les totaux qui n’étaient pas encore partis s’effacent avec eux. Ceux qui sont déjà comptés restent : rien ne les relie plus à vous, c’est ce qui les rend anonymes.
