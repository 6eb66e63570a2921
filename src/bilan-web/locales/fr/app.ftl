## The shell, the home page and pages not found.

tagline = Évaluer ensemble, en toute confiance
nav-main = Espaces
nav-journey = Mon parcours
nav-sessions = Séances collectives
nav-board = Tableau de bord
language-label = Langue
online = En ligne
offline = Hors ligne
home-title = Bienvenue sur Bilan
home-intro = Bilan accompagne les porteurs et porteuses de projet, les accompagnateurs et le conseil d'administration du Pôle : chacun mesure le chemin parcouru, sans que ses réponses quittent son appareil.
not-found-title = Page introuvable
not-found-body = Cette adresse ne correspond à aucune page de Bilan.
back-home = Retour à l'accueil
storage-local = Vos données restent sur cet appareil.
storage-persisted = Le navigateur conservera vos données.
storage-not-persisted = Le navigateur pourrait effacer vos données s'il manque de place : pensez à exporter une sauvegarde.
storage-unavailable = Le stockage de ce navigateur est indisponible : rien ne pourra être enregistré.
offline-banner = Vous êtes hors ligne. Tout continue de fonctionner : vos réponses sont enregistrées sur cet appareil.
update-available = Nouvelle version disponible.
update-hint = Vos réponses sont enregistrées ; la mise à jour recharge la page quand vous le décidez.
update-now = Mettre à jour
