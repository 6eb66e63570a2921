## The shell, the home page and pages not found.

tagline = Evaluating together, in confidence
nav-main = Spaces
nav-journey = My journey
nav-sessions = Group sessions
nav-board = Dashboard
language-label = Language
online = Online
offline = Offline
home-title = Welcome to Bilan
home-intro = Bilan supports project holders, facilitators and the board of the Pôle: everyone measures the road travelled, and their answers never leave their device.
not-found-title = Page not found
not-found-body = This address matches no page of Bilan.
back-home = Back to the home page
storage-local = Your data stays on this device.
storage-persisted = The browser will keep your data.
storage-not-persisted = The browser may clear your data if it runs short of space: remember to export a backup.
storage-unavailable = This browser's storage is unavailable: nothing can be saved.
offline-banner = You are offline. Everything keeps working: your answers are saved on this device.
update-available = A new version is available.
update-hint = Your answers are saved; the update reloads the page when you choose.
update-now = Update now
