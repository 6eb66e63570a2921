//! The interface's words in French and English, and the current language as app-wide state.

use bilan_core::Lang;
use leptos::prelude::*;

/// Every sentence of the interface outside the surveys (which carry their own translations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Tagline,
    NavMain,
    NavHome,
    NavJourney,
    NavSessions,
    NavBoard,
    LanguageLabel,
    Online,
    Offline,
    HomeTitle,
    HomeIntro,
    JourneyTitle,
    JourneyIntro,
    SessionsTitle,
    SessionsIntro,
    BoardTitle,
    BoardIntro,
    OpenSpace,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    StorageLocal,
    StoragePersisted,
    StorageNotPersisted,
    StorageUnavailable,
    ProfilesTitle,
    ProfilesEmpty,
    NewProfile,
    Pseudonym,
    ProjectName,
    ProfilePrivacy,
    CreateProfile,
    FieldRequired,
    CreatedOn,
    DeleteProfile,
    ConfirmDelete,
    Cancel,
    ConfirmDeleteButton,
    Loading,
    StorageError,
    DontKnow,
    Yes,
    No,
    Other,
    Next,
    Back,
    SummaryTitle,
    SummaryLead,
    Edit,
    NotAnswered,
    Submit,
    Resumed,
    Autosaved,
    AnsweredOf,
    SectionOf,
    Of,
    ResultTitle,
    Indicator,
    Score,
    AnswersCount,
    NoScore,
    BackToJourney,
    ProfileMissing,
    ErrRequired,
    ErrRange,
    ErrNumber,
    ErrWhole,
    ErrMin,
    ErrMax,
    ErrDate,
    ErrTooMany,
    BackupTitle,
    BackupHelp,
    ExportData,
    ImportData,
    ImportDone,
    Added,
    UpToDate,
    ImportRefused,
    BackupNotJson,
    BackupForeign,
    BackupNewer,
    BackupDamaged,
    ExportCsv,
    NothingToExport,
    DownloadPng,
    StarTitle,
    MyProgress,
    ProgressTitle,
    ProgressLead,
    NoReadings,
    Readings,
    Date,
    Survey,
    CompareTitle,
    CompareFrom,
    CompareTo,
    LinesTitle,
    ShowTable,
    ChangesTitle,
    NoChange,
    Since,
    OneReading,
    ViewReading,
    OfflineBanner,
    UpdateAvailable,
    UpdateHint,
    UpdateNow,
    SharingTitle,
    NotLinked,
    Joined,
    SharingExplain,
    SharingConsent,
    SharingPreview,
    NothingToPreview,
    Pending,
    AllSent,
    LastError,
    RefusedBy,
    SendNow,
    RetryRefused,
    ScoreOf,
    ProgressOf,
    DownMuch,
    Down,
    Same,
    Up,
    UpMuch,
    Agree,
    Answer,
    AnswersOverall,
    BackToSession,
    BackToSessions,
    BoardTokenHelp,
    BoardTokenTitle,
    BoardToken,
    ChangeToken,
    ChoosePin,
    CloseAndSend,
    CloseHelp,
    CloseSession,
    ClosedOn,
    CohortProgress,
    CollegeComparison,
    CollegeMeans,
    Colleges,
    ConfirmClose,
    ConfirmDeleteSession,
    Consensus,
    ContributionsWord,
    CreateSession,
    DeleteSession,
    Diverge,
    DownloadCsv,
    ExportAnswers,
    FacilitatorPin,
    Gap,
    IndicatorDistributions,
    JoinCode,
    KioskHelp,
    KioskMode,
    KioskPrivacy,
    KioskStart,
    KioskThanks,
    LeaveKiosk,
    LiveLead,
    LiveResults,
    NewAnswers,
    NewSession,
    NoTablesYet,
    NotEnoughColleges,
    NotEnoughYet,
    NotLinkedYet,
    NotReported,
    Nuanced,
    OpenDashboard,
    ParticipantsShort,
    Participants,
    Period,
    PinAgain,
    PinInvalid,
    PinMismatch,
    PinWrong,
    PrintView,
    PrintedOn,
    ProgressDown20,
    ProgressDown5,
    ProgressSame,
    ProgressUp20,
    ProgressUp5,
    Progress,
    Question,
    ServerUnreachable,
    SessionBadCode,
    SessionBadDate,
    SessionClosed,
    SessionForeign,
    SessionFormat,
    SessionImportHelp,
    SessionImportTitle,
    SessionIsClosed,
    SessionMissing,
    SessionNoTitle,
    SessionOpen,
    SessionOtherSurvey,
    SessionStatus,
    SessionSurvey,
    SessionTitleLabel,
    SessionsEmpty,
    SessionsHeld,
    StartKiosk,
    ThresholdNote,
    TokenRefused,
    TotalsSent,
    TotalsWaiting,
    Unlock,
    Withheld,
    Year,
    YearlyFigures,
    YourSessions,
    ParticipantsLabel,
    JoinBadCode,
    JoinOffline,
    JoinUnknown,
    JoinClosed,
    JoinTitle,
    JoinSendFailed,
    Retry,
    JoinThanks,
    JoinPrivacy,
    JoinHelp,
    JoinButton,
    OwnDevices,
    OwnDevicesHelp,
    OwnDevicesOpen,
    OpenToPhones,
    QrOf,
    StorageFull,
    ImportSessionFile,
    StepNote,
    ClosedNote,
    PerturbedNote,
    WithheldNote,
    FrozenOn,
    NotPublishedYet,
    OtherColleges,
    PinLocked,
    JoinTooFast,
}

/// The text of `msg` in `lang` with its named arguments (`{n}`, `{k}`...) filled in.
pub fn tr_with(lang: Lang, msg: Msg, args: &[(&str, &str)]) -> String {
    args.iter()
        .fold(tr(lang, msg).to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The text of `msg` in `lang`.
pub fn tr(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match (lang, msg) {
        (Lang::Fr, Tagline) => "Évaluer ensemble, en toute confiance",
        (Lang::En, Tagline) => "Evaluating together, in confidence",
        (Lang::Fr, NavMain) => "Espaces",
        (Lang::En, NavMain) => "Spaces",
        (Lang::Fr, NavHome) => "Accueil",
        (Lang::En, NavHome) => "Home",
        (Lang::Fr, NavJourney) => "Mon parcours",
        (Lang::En, NavJourney) => "My journey",
        (Lang::Fr, NavSessions) => "Séances collectives",
        (Lang::En, NavSessions) => "Group sessions",
        (Lang::Fr, NavBoard) => "Tableau de bord",
        (Lang::En, NavBoard) => "Dashboard",
        (Lang::Fr, LanguageLabel) => "Langue",
        (Lang::En, LanguageLabel) => "Language",
        (Lang::Fr, Online) => "En ligne",
        (Lang::En, Online) => "Online",
        (Lang::Fr, Offline) => "Hors ligne",
        (Lang::En, Offline) => "Offline",
        (Lang::Fr, HomeTitle) => "Bienvenue sur Bilan",
        (Lang::En, HomeTitle) => "Welcome to Bilan",
        (Lang::Fr, HomeIntro) => {
            "Bilan accompagne les porteurs et porteuses de projet, les accompagnateurs et le conseil d'administration du Pôle : chacun mesure le chemin parcouru, sans que ses réponses quittent son appareil."
        }
        (Lang::En, HomeIntro) => {
            "Bilan supports project holders, facilitators and the board of the Pôle: everyone measures the road travelled, and their answers never leave their device."
        }
        (Lang::Fr, JourneyTitle) => "Mon parcours",
        (Lang::En, JourneyTitle) => "My journey",
        (Lang::Fr, JourneyIntro) => {
            "Faites le point sur votre projet tous les quelques mois : appropriation, professionnalisation, développement personnel. Vos réponses restent sur cet appareil et vos progrès s'affichent en étoile et en courbes."
        }
        (Lang::En, JourneyIntro) => {
            "Take stock of your project every few months: ownership, professional skills, personal development. Your answers stay on this device and your progress shows as a star and as lines."
        }
        (Lang::Fr, SessionsTitle) => "Séances collectives",
        (Lang::En, SessionsTitle) => "Group sessions",
        (Lang::Fr, SessionsIntro) => {
            "Animez une évaluation collective : une tablette qui passe de main en main ou les téléphones des participants, les résultats agrégés au vidéoprojecteur, le bilan participatif par collège."
        }
        (Lang::En, SessionsIntro) => {
            "Run a collective evaluation: one tablet passed round or the participants' own phones, aggregated results on the projector, the participatory review by college."
        }
        (Lang::Fr, BoardTitle) => "Tableau de bord",
        (Lang::En, BoardTitle) => "Dashboard",
        (Lang::Fr, BoardIntro) => {
            "Pour le conseil d'administration : les chiffres de l'année, la répartition des indicateurs et la progression des personnes accompagnées — uniquement des agrégats anonymes."
        }
        (Lang::En, BoardIntro) => {
            "For the board: the year's figures, how the indicators are spread and how the people accompanied progress — anonymous aggregates only."
        }
        (Lang::Fr, OpenSpace) => "Ouvrir",
        (Lang::En, OpenSpace) => "Open",
        (Lang::Fr, NotFoundTitle) => "Page introuvable",
        (Lang::En, NotFoundTitle) => "Page not found",
        (Lang::Fr, NotFoundBody) => "Cette adresse ne correspond à aucune page de Bilan.",
        (Lang::En, NotFoundBody) => "This address matches no page of Bilan.",
        (Lang::Fr, BackHome) => "Retour à l'accueil",
        (Lang::En, BackHome) => "Back to the home page",
        (Lang::Fr, StorageLocal) => "Vos données restent sur cet appareil.",
        (Lang::En, StorageLocal) => "Your data stays on this device.",
        (Lang::Fr, StoragePersisted) => "Le navigateur conservera vos données.",
        (Lang::En, StoragePersisted) => "The browser will keep your data.",
        (Lang::Fr, StorageNotPersisted) => {
            "Le navigateur pourrait effacer vos données s'il manque de place : pensez à exporter une sauvegarde."
        }
        (Lang::En, StorageNotPersisted) => {
            "The browser may clear your data if it runs short of space: remember to export a backup."
        }
        (Lang::Fr, StorageUnavailable) => {
            "Le stockage de ce navigateur est indisponible : rien ne pourra être enregistré."
        }
        (Lang::En, StorageUnavailable) => {
            "This browser's storage is unavailable: nothing can be saved."
        }
        (Lang::Fr, ProfilesTitle) => "Mes profils",
        (Lang::En, ProfilesTitle) => "My profiles",
        (Lang::Fr, ProfilesEmpty) => {
            "Aucun profil sur cet appareil pour l'instant. Créez le vôtre pour commencer."
        }
        (Lang::En, ProfilesEmpty) => "No profile on this device yet. Create yours to begin.",
        (Lang::Fr, NewProfile) => "Nouveau profil",
        (Lang::En, NewProfile) => "New profile",
        (Lang::Fr, Pseudonym) => "Votre prénom ou un pseudonyme",
        (Lang::En, Pseudonym) => "Your first name or a pseudonym",
        (Lang::Fr, ProjectName) => "Le nom de votre projet",
        (Lang::En, ProjectName) => "Your project's name",
        (Lang::Fr, ProfilePrivacy) => {
            "Ces informations restent uniquement sur cet appareil : elles ne sont jamais envoyées."
        }
        (Lang::En, ProfilePrivacy) => {
            "This information stays on this device only: it is never sent anywhere."
        }
        (Lang::Fr, CreateProfile) => "Créer le profil",
        (Lang::En, CreateProfile) => "Create the profile",
        (Lang::Fr, FieldRequired) => "Ce champ est à remplir.",
        (Lang::En, FieldRequired) => "Please fill in this field.",
        (Lang::Fr, CreatedOn) => "Créé le",
        (Lang::En, CreatedOn) => "Created on",
        (Lang::Fr, DeleteProfile) => "Supprimer",
        (Lang::En, DeleteProfile) => "Delete",
        (Lang::Fr, ConfirmDelete) => {
            "Supprimer ce profil et toutes ses réponses ? C'est définitif."
        }
        (Lang::En, ConfirmDelete) => {
            "Delete this profile and all its answers? This cannot be undone."
        }
        (Lang::Fr, Cancel) => "Annuler",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Fr, ConfirmDeleteButton) => "Oui, supprimer",
        (Lang::En, ConfirmDeleteButton) => "Yes, delete",
        (Lang::Fr, Loading) => "Chargement…",
        (Lang::En, Loading) => "Loading…",
        (Lang::Fr, StorageError) => "Le stockage de l'appareil a refusé l'opération :",
        (Lang::En, StorageError) => "The device's storage refused the operation:",
        (Lang::Fr, DontKnow) => "Je ne sais pas",
        (Lang::En, DontKnow) => "I don't know",
        (Lang::Fr, Yes) => "Oui",
        (Lang::En, Yes) => "Yes",
        (Lang::Fr, No) => "Non",
        (Lang::En, No) => "No",
        (Lang::Fr, Other) => "Autre",
        (Lang::En, Other) => "Other",
        (Lang::Fr, Next) => "Suivant",
        (Lang::En, Next) => "Next",
        (Lang::Fr, Back) => "Précédent",
        (Lang::En, Back) => "Back",
        (Lang::Fr, SummaryTitle) => "Récapitulatif",
        (Lang::En, SummaryTitle) => "Summary",
        (Lang::Fr, SummaryLead) => {
            "Relisez vos réponses avant de valider. Vous pouvez encore les modifier."
        }
        (Lang::En, SummaryLead) => {
            "Read your answers before submitting. You can still change them."
        }
        (Lang::Fr, Edit) => "Modifier",
        (Lang::En, Edit) => "Change",
        (Lang::Fr, NotAnswered) => "Sans réponse",
        (Lang::En, NotAnswered) => "Not answered",
        (Lang::Fr, Submit) => "Valider mes réponses",
        (Lang::En, Submit) => "Submit my answers",
        (Lang::Fr, Resumed) => "Vous reprenez là où vous vous étiez arrêté·e.",
        (Lang::En, Resumed) => "You are picking up where you left off.",
        (Lang::Fr, Autosaved) => {
            "Chaque réponse est enregistrée sur cet appareil dès que vous la donnez."
        }
        (Lang::En, Autosaved) => "Each answer is saved on this device as soon as you give it.",
        (Lang::Fr, AnsweredOf) => "Réponses :",
        (Lang::En, AnsweredOf) => "Answers:",
        (Lang::Fr, SectionOf) => "Étape",
        (Lang::En, SectionOf) => "Step",
        (Lang::Fr, Of) => "sur",
        (Lang::En, Of) => "of",
        (Lang::Fr, ResultTitle) => "Merci ! Voici votre bilan",
        (Lang::En, ResultTitle) => "Thank you! Here is your review",
        (Lang::Fr, Indicator) => "Indicateur",
        (Lang::En, Indicator) => "Indicator",
        (Lang::Fr, Score) => "Score (sur 100)",
        (Lang::En, Score) => "Score (out of 100)",
        (Lang::Fr, AnswersCount) => "Réponses",
        (Lang::En, AnswersCount) => "Answers",
        (Lang::Fr, NoScore) => "Pas de score : aucune réponse",
        (Lang::En, NoScore) => "No score: no answers",
        (Lang::Fr, BackToJourney) => "Retour à mon parcours",
        (Lang::En, BackToJourney) => "Back to my journey",
        (Lang::Fr, ProfileMissing) => "Ce profil n'existe pas sur cet appareil.",
        (Lang::En, ProfileMissing) => "This profile does not exist on this device.",
        (Lang::Fr, ErrRequired) => "Cette question attend une réponse.",
        (Lang::En, ErrRequired) => "This question needs an answer.",
        (Lang::Fr, ErrRange) => "Choisissez une réponse proposée.",
        (Lang::En, ErrRange) => "Choose one of the answers offered.",
        (Lang::Fr, ErrNumber) => "Entrez un nombre.",
        (Lang::En, ErrNumber) => "Enter a number.",
        (Lang::Fr, ErrWhole) => "Entrez un nombre entier.",
        (Lang::En, ErrWhole) => "Enter a whole number.",
        (Lang::Fr, ErrMin) => "Le nombre doit être au moins",
        (Lang::En, ErrMin) => "The number must be at least",
        (Lang::Fr, ErrMax) => "Le nombre doit être au plus",
        (Lang::En, ErrMax) => "The number must be at most",
        (Lang::Fr, ErrDate) => "Entrez une date complète.",
        (Lang::En, ErrDate) => "Enter a complete date.",
        (Lang::Fr, ErrTooMany) => "Trop de choix : au plus",
        (Lang::En, ErrTooMany) => "Too many choices: at most",
        (Lang::Fr, BackupTitle) => "Sauvegarde",
        (Lang::En, BackupTitle) => "Backup",
        (Lang::Fr, BackupHelp) => {
            "Un fichier avec tous les profils et toutes les réponses de cet appareil, pour changer d'appareil ou les garder en lieu sûr. Il contient vos réponses : gardez-le pour vous."
        }
        (Lang::En, BackupHelp) => {
            "One file with every profile and answer on this device, to move to another device or keep them safe. It holds your answers: keep it to yourself."
        }
        (Lang::Fr, ExportData) => "Exporter mes données",
        (Lang::En, ExportData) => "Export my data",
        (Lang::Fr, ImportData) => "Importer une sauvegarde",
        (Lang::En, ImportData) => "Import a backup",
        (Lang::Fr, ImportDone) => "Sauvegarde importée :",
        (Lang::En, ImportDone) => "Backup imported:",
        (Lang::Fr, Added) => "ajout(s)",
        (Lang::En, Added) => "added",
        (Lang::Fr, UpToDate) => "déjà à jour",
        (Lang::En, UpToDate) => "already up to date",
        (Lang::Fr, ImportRefused) => "Fichier refusé, rien n'a été modifié :",
        (Lang::En, ImportRefused) => "File refused, nothing was changed:",
        (Lang::Fr, BackupNotJson) => {
            "ce n'est pas un fichier JSON valide : il est peut-être abîmé ou incomplet"
        }
        (Lang::En, BackupNotJson) => {
            "this is not a valid JSON file: it may be damaged or incomplete"
        }
        (Lang::Fr, BackupForeign) => "ce n'est pas une sauvegarde Bilan",
        (Lang::En, BackupForeign) => "this is not a Bilan backup",
        (Lang::Fr, BackupNewer) => {
            "elle vient d'une version plus récente de Bilan : mettez l'application à jour"
        }
        (Lang::En, BackupNewer) => "it comes from a newer version of Bilan: update the app",
        (Lang::Fr, BackupDamaged) => "la sauvegarde est abîmée",
        (Lang::En, BackupDamaged) => "the backup is damaged",
        (Lang::Fr, ExportCsv) => "Exporter en CSV",
        (Lang::En, ExportCsv) => "Export as CSV",
        (Lang::Fr, NothingToExport) => "Aucune réponse validée à exporter pour l'instant.",
        (Lang::En, NothingToExport) => "No submitted answers to export yet.",
        (Lang::Fr, DownloadPng) => "Télécharger l'image (PNG)",
        (Lang::En, DownloadPng) => "Download the image (PNG)",
        (Lang::Fr, StarTitle) => "Vos sept indicateurs, de 0 à 100",
        (Lang::En, StarTitle) => "Your seven indicators, from 0 to 100",
        (Lang::Fr, MyProgress) => "Mes progrès",
        (Lang::En, MyProgress) => "My progress",
        (Lang::Fr, ProgressTitle) => "Mes progrès",
        (Lang::En, ProgressTitle) => "My progress",
        (Lang::Fr, ProgressLead) => {
            "Chaque bilan que vous validez s'ajoute ici. Comparez deux bilans et suivez chaque indicateur dans le temps."
        }
        (Lang::En, ProgressLead) => {
            "Every review you submit is added here. Compare two reviews and follow each indicator over time."
        }
        (Lang::Fr, NoReadings) => {
            "Pas encore de bilan validé : faites votre auto-évaluation pour voir vos progrès."
        }
        (Lang::En, NoReadings) => {
            "No submitted review yet: do your self-assessment to see your progress."
        }
        (Lang::Fr, Readings) => "Vos bilans",
        (Lang::En, Readings) => "Your reviews",
        (Lang::Fr, Date) => "Date",
        (Lang::En, Date) => "Date",
        (Lang::Fr, Survey) => "Questionnaire",
        (Lang::En, Survey) => "Survey",
        (Lang::Fr, CompareTitle) => "Comparer deux bilans",
        (Lang::En, CompareTitle) => "Compare two reviews",
        (Lang::Fr, CompareFrom) => "Bilan de départ",
        (Lang::En, CompareFrom) => "Starting review",
        (Lang::Fr, CompareTo) => "Bilan à comparer",
        (Lang::En, CompareTo) => "Review to compare",
        (Lang::Fr, LinesTitle) => "Vos indicateurs au fil du temps",
        (Lang::En, LinesTitle) => "Your indicators over time",
        (Lang::Fr, ShowTable) => "Voir les données en tableau",
        (Lang::En, ShowTable) => "Show the data as a table",
        (Lang::Fr, ChangesTitle) => "Ce qui a changé depuis le bilan précédent",
        (Lang::En, ChangesTitle) => "What changed since the previous review",
        (Lang::Fr, NoChange) => "stable",
        (Lang::En, NoChange) => "unchanged",
        (Lang::Fr, Since) => "depuis",
        (Lang::En, Since) => "since",
        (Lang::Fr, OneReading) => {
            "Un seul bilan pour l'instant : le prochain montrera ce qui a changé."
        }
        (Lang::En, OneReading) => "Only one review so far: the next one will show what changed.",
        (Lang::Fr, ViewReading) => "Voir",
        (Lang::En, ViewReading) => "View",
        (Lang::Fr, OfflineBanner) => {
            "Vous êtes hors ligne. Tout continue de fonctionner : vos réponses sont enregistrées sur cet appareil."
        }
        (Lang::En, OfflineBanner) => {
            "You are offline. Everything keeps working: your answers are saved on this device."
        }
        (Lang::Fr, UpdateAvailable) => "Nouvelle version disponible.",
        (Lang::En, UpdateAvailable) => "A new version is available.",
        (Lang::Fr, UpdateHint) => {
            "Vos réponses sont enregistrées ; la mise à jour recharge la page quand vous le décidez."
        }
        (Lang::En, UpdateHint) => {
            "Your answers are saved; the update reloads the page when you choose."
        }
        (Lang::Fr, UpdateNow) => "Mettre à jour",
        (Lang::En, UpdateNow) => "Update now",
        (Lang::Fr, SharingTitle) => "Partager mes résultats anonymes",
        (Lang::En, SharingTitle) => "Share my anonymous results",
        (Lang::Fr, NotLinked) => {
            "Cet appareil n'est relié à aucun serveur : vos réponses restent ici. Pour compter dans les statistiques de votre structure, ouvrez le lien que votre accompagnatrice ou accompagnateur vous donne."
        }
        (Lang::En, NotLinked) => {
            "This device is not linked to a server: your answers stay here. To count in your organisation's statistics, open the link your adviser gives you."
        }
        (Lang::Fr, Joined) => {
            "Cet appareil est maintenant relié au serveur de votre structure. Rien n'est envoyé tant que vous ne l'avez pas accepté ci-dessous."
        }
        (Lang::En, Joined) => {
            "This device is now linked to your organisation's server. Nothing is sent until you agree below."
        }
        (Lang::Fr, SharingExplain) => {
            "Si vous acceptez, chaque bilan envoie seulement des tranches : le niveau choisi sur chaque échelle partagée, la tranche de vos scores (par exemple 40 à 60), l'année. Jamais votre pseudonyme, votre projet, vos textes, vos dates exactes ni vos montants. Le serveur ne montre aucun chiffre qui concerne moins de 5 personnes."
        }
        (Lang::En, SharingExplain) => {
            "If you agree, each review sends buckets only: the level chosen on each shared scale, the range of your scores (for example 40 to 60), the year. Never your pseudonym, your project, your texts, your exact dates or your amounts. The server shows no figure about fewer than 5 people."
        }
        (Lang::Fr, SharingConsent) => {
            "J'accepte que mes prochains bilans soient comptés, de façon anonyme, dans les statistiques de la structure."
        }
        (Lang::En, SharingConsent) => {
            "I agree that my next reviews are counted, anonymously, in the organisation's statistics."
        }
        (Lang::Fr, SharingPreview) => "Voir exactement ce qui serait envoyé pour mon dernier bilan",
        (Lang::En, SharingPreview) => "See exactly what would be sent for my latest review",
        (Lang::Fr, NothingToPreview) => "Validez un bilan pour voir ce qu'il enverrait.",
        (Lang::En, NothingToPreview) => "Submit a review to see what it would send.",
        (Lang::Fr, Pending) => "en attente d'envoi",
        (Lang::En, Pending) => "waiting to be sent",
        (Lang::Fr, AllSent) => "Tout est envoyé.",
        (Lang::En, AllSent) => "Everything is sent.",
        (Lang::Fr, LastError) => "Dernier essai :",
        (Lang::En, LastError) => "Last try:",
        (Lang::Fr, RefusedBy) => "Refusé par le serveur :",
        (Lang::En, RefusedBy) => "Refused by the server:",
        (Lang::Fr, SendNow) => "Envoyer maintenant",
        (Lang::En, SendNow) => "Send now",
        (Lang::Fr, RetryRefused) => "Réessayer les envois refusés",
        (Lang::En, RetryRefused) => "Retry the refused ones",
        (Lang::Fr, ScoreOf) => "score",
        (Lang::En, ScoreOf) => "score",
        (Lang::Fr, ProgressOf) => "évolution depuis le premier bilan",
        (Lang::En, ProgressOf) => "change since the first review",
        (Lang::Fr, DownMuch) => "baisse de 20 points ou plus",
        (Lang::En, DownMuch) => "down 20 points or more",
        (Lang::Fr, Down) => "baisse de 5 à 20 points",
        (Lang::En, Down) => "down 5 to 20 points",
        (Lang::Fr, Same) => "stable (moins de 5 points)",
        (Lang::En, Same) => "steady (under 5 points)",
        (Lang::Fr, Up) => "hausse de 5 à 20 points",
        (Lang::En, Up) => "up 5 to 20 points",
        (Lang::Fr, UpMuch) => "hausse de 20 points ou plus",
        (Lang::En, UpMuch) => "up 20 points or more",
        (Lang::Fr, Agree) => "Accord",
        (Lang::En, Agree) => "Agree",
        (Lang::Fr, Answer) => "Réponse",
        (Lang::En, Answer) => "Answer",
        (Lang::Fr, AnswersOverall) => "Réponses aux questions",
        (Lang::En, AnswersOverall) => "Answers to the questions",
        (Lang::Fr, BackToSession) => "Retour à la séance",
        (Lang::En, BackToSession) => "Back to the session",
        (Lang::Fr, BackToSessions) => "Retour aux séances",
        (Lang::En, BackToSessions) => "Back to sessions",
        (Lang::Fr, BoardTokenHelp) => {
            "Le jeton vous a été remis par l'administrateur·rice du serveur. Il reste sur cet appareil."
        }
        (Lang::En, BoardTokenHelp) => {
            "The server's administrator gave you this token. It stays on this device."
        }
        (Lang::Fr, BoardTokenTitle) => "Accès du conseil d'administration",
        (Lang::En, BoardTokenTitle) => "Board access",
        (Lang::Fr, BoardToken) => "Jeton d'accès du conseil",
        (Lang::En, BoardToken) => "Board access token",
        (Lang::Fr, ChangeToken) => "Changer de jeton",
        (Lang::En, ChangeToken) => "Change token",
        (Lang::Fr, ChoosePin) => {
            "Choisissez un code PIN (4 à 12 chiffres) pour sortir du mode kiosque"
        }
        (Lang::En, ChoosePin) => "Choose a PIN (4 to 12 digits) to leave kiosk mode",
        (Lang::Fr, CloseAndSend) => "Clôturer et envoyer",
        (Lang::En, CloseAndSend) => "Close and send",
        (Lang::Fr, CloseHelp) => {
            "Une fois clôturée, la séance n'accepte plus de réponses ; ses totaux (jamais les réponses de chacun) partent une seule fois vers le serveur, dès qu'il est joignable."
        }
        (Lang::En, CloseHelp) => {
            "Once closed, the session takes no more answers; its totals (never anyone's answers) are sent once to the server, as soon as it can be reached."
        }
        (Lang::Fr, CloseSession) => "Clôturer la séance",
        (Lang::En, CloseSession) => "Close the session",
        (Lang::Fr, ClosedOn) => "Clôturée le",
        (Lang::En, ClosedOn) => "Closed on",
        (Lang::Fr, CohortProgress) => "Progression de la cohorte",
        (Lang::En, CohortProgress) => "Progress of the cohort",
        (Lang::Fr, CollegeComparison) => "Comparaison des collèges",
        (Lang::En, CollegeComparison) => "College comparison",
        (Lang::Fr, CollegeMeans) => "Niveau moyen par collège",
        (Lang::En, CollegeMeans) => "Mean level by college",
        (Lang::Fr, Colleges) => "Les collèges",
        (Lang::En, Colleges) => "The colleges",
        (Lang::Fr, ConfirmClose) => "Clôturer la séance et envoyer ses totaux ?",
        (Lang::En, ConfirmClose) => "Close the session and send its totals?",
        (Lang::Fr, ConfirmDeleteSession) => {
            "Supprimer cette séance et toutes ses réponses de cet appareil ? C'est définitif."
        }
        (Lang::En, ConfirmDeleteSession) => {
            "Delete this session and all its answers from this device? This cannot be undone."
        }
        (Lang::Fr, Consensus) => "Où les collèges s'accordent ou divergent",
        (Lang::En, Consensus) => "Where the colleges agree or diverge",
        (Lang::Fr, ContributionsWord) => "contributions",
        (Lang::En, ContributionsWord) => "contributions",
        (Lang::Fr, CreateSession) => "Créer la séance",
        (Lang::En, CreateSession) => "Create the session",
        (Lang::Fr, DeleteSession) => "Supprimer la séance",
        (Lang::En, DeleteSession) => "Delete the session",
        (Lang::Fr, Diverge) => "Divergence",
        (Lang::En, Diverge) => "Divergent",
        (Lang::Fr, DownloadCsv) => "Télécharger les données (CSV)",
        (Lang::En, DownloadCsv) => "Download the data (CSV)",
        (Lang::Fr, ExportAnswers) => "Exporter les réponses (fichier)",
        (Lang::En, ExportAnswers) => "Export the answers (file)",
        (Lang::Fr, FacilitatorPin) => "Code PIN de l'animateur·rice",
        (Lang::En, FacilitatorPin) => "Facilitator's PIN",
        (Lang::Fr, Gap) => "Écart entre les moyennes",
        (Lang::En, Gap) => "Gap between means",
        (Lang::Fr, IndicatorDistributions) => "Répartition des indicateurs",
        (Lang::En, IndicatorDistributions) => "How the indicators are spread",
        (Lang::Fr, JoinCode) => "Code de la séance",
        (Lang::En, JoinCode) => "Session code",
        (Lang::Fr, KioskHelp) => {
            "Une seule tablette passe de main en main : après chaque personne, l'écran est effacé. Pour en sortir, il faut votre code PIN."
        }
        (Lang::En, KioskHelp) => {
            "One tablet is passed round: after each person the screen is wiped. Leaving needs your PIN."
        }
        (Lang::Fr, KioskMode) => "Mode kiosque",
        (Lang::En, KioskMode) => "Kiosk mode",
        (Lang::Fr, KioskPrivacy) => {
            "Vos réponses sont anonymes : elles restent sur cet appareil et seuls les totaux de la séance sont partagés."
        }
        (Lang::En, KioskPrivacy) => {
            "Your answers are anonymous: they stay on this device and only the session's totals are shared."
        }
        (Lang::Fr, KioskStart) => "Je commence",
        (Lang::En, KioskStart) => "Start",
        (Lang::Fr, KioskThanks) => "Merci — passez l'appareil",
        (Lang::En, KioskThanks) => "Thank you — pass the device on",
        (Lang::Fr, LeaveKiosk) => "Quitter le mode kiosque",
        (Lang::En, LeaveKiosk) => "Leave kiosk mode",
        (Lang::Fr, LiveLead) => {
            "Les résultats se mettent à jour par groupes de participants\u{a0}: aucune réponse ne s'y lit seule."
        }
        (Lang::En, LiveLead) => {
            "Results update by groups of participants: no single answer can be read from them."
        }
        (Lang::Fr, StepNote) => {
            "Résultats des {n}\u{a0}premiers participants\u{a0}; mise à jour tous les {k}\u{a0}participants."
        }
        (Lang::En, StepNote) => {
            "Results of the first {n} participants; updated every {k} participants."
        }
        (Lang::Fr, ClosedNote) => "Résultats des {n}\u{a0}participants de la séance.",
        (Lang::En, ClosedNote) => "Results of the session's {n} participants.",
        (Lang::Fr, PerturbedNote) => {
            "Pour que personne ne puisse être reconnu, chaque nombre est légèrement modifié, de {noise}\u{a0}au plus."
        }
        (Lang::En, PerturbedNote) => {
            "So that nobody can be recognised, every number is slightly changed, by {noise} at most."
        }
        (Lang::Fr, WithheldNote) => {
            "Une case qui compterait moins de {k}\u{a0}personnes n'est pas montrée («\u{a0}masqué\u{a0}»)."
        }
        (Lang::En, WithheldNote) => {
            "A cell that would count fewer than {k} people is not shown (\u{201c}withheld\u{201d})."
        }
        (Lang::Fr, FrozenOn) => "Données arrêtées au {date}.",
        (Lang::En, FrozenOn) => "Figures as of {date}.",
        (Lang::Fr, NotPublishedYet) => {
            "Rien n'est encore publié pour ce tableau\u{a0}: les tableaux du conseil sont publiés à date fixe, le 1er de chaque mois."
        }
        (Lang::En, NotPublishedYet) => {
            "Nothing is published for this table yet: the board's tables are published on fixed dates, on the 1st of each month."
        }
        (Lang::Fr, OtherColleges) => {
            "Les autres collèges sont regroupés\u{a0}: trop peu de personnes pour les montrer à part."
        }
        (Lang::En, OtherColleges) => {
            "The other colleges are grouped: too few people to show them apart."
        }
        (Lang::Fr, JoinTooFast) => {
            "Trop de codes essayés depuis ce réseau\u{a0}: attendez quelques secondes, puis réessayez."
        }
        (Lang::En, JoinTooFast) => {
            "Too many codes tried from this network: wait a few seconds, then try again."
        }
        (Lang::Fr, PinLocked) => "Trop d'essais. Réessayez dans {wait}.",
        (Lang::En, PinLocked) => "Too many tries. Try again in {wait}.",
        (Lang::Fr, LiveResults) => "Écran des résultats",
        (Lang::En, LiveResults) => "Results screen",
        (Lang::Fr, NewAnswers) => "réponse(s) nouvelle(s).",
        (Lang::En, NewAnswers) => "new answer(s).",
        (Lang::Fr, NewSession) => "Nouvelle séance",
        (Lang::En, NewSession) => "New session",
        (Lang::Fr, NoTablesYet) => {
            "Aucun tableau publié pour l'instant\u{a0}: un tableau est publié à date fixe, le 1er de chaque mois, dès qu'il compte assez de personnes."
        }
        (Lang::En, NoTablesYet) => {
            "No table is published yet: a table is published on a fixed date, the 1st of each month, once it counts enough people."
        }
        (Lang::Fr, NotEnoughColleges) => "Pas assez de réponses",
        (Lang::En, NotEnoughColleges) => "Not enough answers",
        (Lang::Fr, NotEnoughYet) => {
            "Pas encore assez de réponses : les résultats s'affichent à partir de"
        }
        (Lang::En, NotEnoughYet) => "Not enough answers yet: results are shown from",
        (Lang::Fr, NotLinkedYet) => {
            "Cet appareil n'est relié à aucun serveur : les totaux attendent sur l'appareil. Ouvrez le lien d'accès remis par l'administrateur·rice."
        }
        (Lang::En, NotLinkedYet) => {
            "This device is not linked to a server: the totals wait on the device. Open the access link the administrator gave you."
        }
        (Lang::Fr, NotReported) => "non renseigné",
        (Lang::En, NotReported) => "not reported",
        (Lang::Fr, Nuanced) => "Nuances",
        (Lang::En, Nuanced) => "Some differences",
        (Lang::Fr, OpenDashboard) => "Ouvrir le tableau de bord",
        (Lang::En, OpenDashboard) => "Open the dashboard",
        (Lang::Fr, ParticipantsShort) => "participants",
        (Lang::En, ParticipantsShort) => "participants",
        (Lang::Fr, Participants) => "participants",
        (Lang::En, Participants) => "participants",
        (Lang::Fr, Period) => "Période",
        (Lang::En, Period) => "Period",
        (Lang::Fr, PinAgain) => "Le même code PIN, encore une fois",
        (Lang::En, PinAgain) => "The same PIN again",
        (Lang::Fr, PinInvalid) => "Le code PIN doit compter 4 à 12 chiffres.",
        (Lang::En, PinInvalid) => "The PIN must be 4 to 12 digits.",
        (Lang::Fr, PinMismatch) => "Les deux codes PIN ne sont pas les mêmes.",
        (Lang::En, PinMismatch) => "The two PINs differ.",
        (Lang::Fr, PinWrong) => "Ce n'est pas le bon code PIN.",
        (Lang::En, PinWrong) => "That is not the right PIN.",
        (Lang::Fr, PrintView) => "Imprimer ou enregistrer en PDF",
        (Lang::En, PrintView) => "Print or save as PDF",
        (Lang::Fr, PrintedOn) => "imprimé le",
        (Lang::En, PrintedOn) => "printed on",
        (Lang::Fr, ProgressDown20) => "Recul de 20 points ou plus",
        (Lang::En, ProgressDown20) => "Down 20 points or more",
        (Lang::Fr, ProgressDown5) => "Recul de 5 à 20 points",
        (Lang::En, ProgressDown5) => "Down 5 to 20 points",
        (Lang::Fr, ProgressSame) => "Stable (moins de 5 points)",
        (Lang::En, ProgressSame) => "Steady (under 5 points)",
        (Lang::Fr, ProgressUp20) => "Progrès de 20 points ou plus",
        (Lang::En, ProgressUp20) => "Up 20 points or more",
        (Lang::Fr, ProgressUp5) => "Progrès de 5 à 20 points",
        (Lang::En, ProgressUp5) => "Up 5 to 20 points",
        (Lang::Fr, Progress) => "Progression",
        (Lang::En, Progress) => "Progress",
        (Lang::Fr, Question) => "Question",
        (Lang::En, Question) => "Question",
        (Lang::Fr, ServerUnreachable) => "Le serveur ne répond pas : réessayez une fois en ligne.",
        (Lang::En, ServerUnreachable) => "The server does not answer: try again once online.",
        (Lang::Fr, SessionBadCode) => "Le code de séance n'est pas valable.",
        (Lang::En, SessionBadCode) => "The session code is not valid.",
        (Lang::Fr, SessionBadDate) => "Cette date n'existe pas.",
        (Lang::En, SessionBadDate) => "This date does not exist.",
        (Lang::Fr, SessionClosed) => "Clôturée",
        (Lang::En, SessionClosed) => "Closed",
        (Lang::Fr, SessionForeign) => "Ce fichier n'est pas un fichier de séance Bilan.",
        (Lang::En, SessionForeign) => "This file is not a Bilan session file.",
        (Lang::Fr, SessionFormat) => "Format",
        (Lang::En, SessionFormat) => "Format",
        (Lang::Fr, SessionImportHelp) => {
            "Réunissez ici les réponses recueillies sur une autre tablette sans réseau : chaque réponse n'est comptée qu'une fois, même si le fichier est importé deux fois."
        }
        (Lang::En, SessionImportHelp) => {
            "Bring together here the answers collected on another tablet with no network: each answer counts once, even if the file is imported twice."
        }
        (Lang::Fr, SessionImportTitle) => "Importer les réponses d'une autre tablette",
        (Lang::En, SessionImportTitle) => "Import answers from another tablet",
        (Lang::Fr, SessionIsClosed) => {
            "Cette séance est clôturée : ses résultats sont déjà partis, elle n'accepte plus de réponses."
        }
        (Lang::En, SessionIsClosed) => {
            "This session is closed: its results were sent, it takes no more answers."
        }
        (Lang::Fr, SessionMissing) => "Cette séance n'existe pas sur cet appareil.",
        (Lang::En, SessionMissing) => "This session is not on this device.",
        (Lang::Fr, SessionNoTitle) => "Donnez un titre à la séance.",
        (Lang::En, SessionNoTitle) => "Give the session a title.",
        (Lang::Fr, SessionOpen) => "Ouverte",
        (Lang::En, SessionOpen) => "Open",
        (Lang::Fr, SessionOtherSurvey) => "Ces réponses sont pour un autre questionnaire.",
        (Lang::En, SessionOtherSurvey) => "These answers are for another survey.",
        (Lang::Fr, SessionStatus) => "État",
        (Lang::En, SessionStatus) => "Status",
        (Lang::Fr, SessionSurvey) => "Questionnaire",
        (Lang::En, SessionSurvey) => "Survey",
        (Lang::Fr, SessionTitleLabel) => "Titre de la séance",
        (Lang::En, SessionTitleLabel) => "Session title",
        (Lang::Fr, SessionsEmpty) => "Aucune séance sur cet appareil pour l'instant.",
        (Lang::En, SessionsEmpty) => "No session on this device yet.",
        (Lang::Fr, SessionsHeld) => "Séances collectives",
        (Lang::En, SessionsHeld) => "Group sessions",
        (Lang::Fr, StartKiosk) => "Démarrer le mode kiosque",
        (Lang::En, StartKiosk) => "Start kiosk mode",
        (Lang::Fr, ThresholdNote) => "seuil de diffusion : aucune case de moins de",
        (Lang::En, ThresholdNote) => "disclosure threshold: no cell below",
        (Lang::Fr, TokenRefused) => "Ce jeton n'a pas été accepté :",
        (Lang::En, TokenRefused) => "This token was not accepted:",
        (Lang::Fr, TotalsSent) => "Les totaux de la séance ont été reçus par le serveur.",
        (Lang::En, TotalsSent) => "The server received the session's totals.",
        (Lang::Fr, TotalsWaiting) => "totaux en attente d'envoi.",
        (Lang::En, TotalsWaiting) => "totals waiting to be sent.",
        (Lang::Fr, Unlock) => "Déverrouiller",
        (Lang::En, Unlock) => "Unlock",
        (Lang::Fr, Withheld) => "masqué",
        (Lang::En, Withheld) => "withheld",
        (Lang::Fr, Year) => "Année",
        (Lang::En, Year) => "Year",
        (Lang::Fr, YearlyFigures) => "Chiffres d'activité par année",
        (Lang::En, YearlyFigures) => "Activity figures by year",
        (Lang::Fr, YourSessions) => "Vos séances",
        (Lang::En, YourSessions) => "Your sessions",
        (Lang::Fr, ParticipantsLabel) => "Participants",
        (Lang::En, ParticipantsLabel) => "Participants",
        (Lang::Fr, JoinBadCode) => {
            "Ce code n'est pas un code de séance : six lettres et chiffres, sans 0, O, 1, I ni L."
        }
        (Lang::En, JoinBadCode) => {
            "This is not a session code: six letters and digits, without 0, O, 1, I or L."
        }
        (Lang::Fr, JoinOffline) => {
            "Le serveur de la séance ne répond pas : vérifiez la connexion et réessayez."
        }
        (Lang::En, JoinOffline) => {
            "The session's server does not answer: check the connection and try again."
        }
        (Lang::Fr, JoinUnknown) => "Aucune séance ouverte n'a ce code.",
        (Lang::En, JoinUnknown) => "No open session has this code.",
        (Lang::Fr, JoinClosed) => "Cette séance est terminée : elle ne prend plus de réponses.",
        (Lang::En, JoinClosed) => "This session is over: it takes no more answers.",
        (Lang::Fr, JoinTitle) => "Rejoindre une séance",
        (Lang::En, JoinTitle) => "Join a session",
        (Lang::Fr, JoinSendFailed) => {
            "Vos réponses ne sont pas encore parties : le serveur ne répond pas. Réessayez quand la connexion revient."
        }
        (Lang::En, JoinSendFailed) => {
            "Your answers have not left yet: the server does not answer. Try again when the connection is back."
        }
        (Lang::Fr, Retry) => "Réessayer",
        (Lang::En, Retry) => "Try again",
        (Lang::Fr, JoinThanks) => "Merci, vos réponses sont comptées",
        (Lang::En, JoinThanks) => "Thank you, your answers are counted",
        (Lang::Fr, JoinPrivacy) => {
            "Réponses anonymes : seuls des totaux partent vers le serveur, sans votre texte ni votre nom, et rien ne reste sur ce téléphone."
        }
        (Lang::En, JoinPrivacy) => {
            "Anonymous answers: only totals go to the server, without your text or your name, and nothing stays on this phone."
        }
        (Lang::Fr, JoinHelp) => "Tapez le code affiché au vidéoprojecteur.",
        (Lang::En, JoinHelp) => "Type the code shown on the projector.",
        (Lang::Fr, JoinButton) => "Rejoindre",
        (Lang::En, JoinButton) => "Join",
        (Lang::Fr, OwnDevices) => "Sur les téléphones des participants",
        (Lang::En, OwnDevices) => "On the participants' own phones",
        (Lang::Fr, OwnDevicesHelp) => {
            "Ouvrez la séance sur le serveur : chacun la rejoint avec son téléphone en scannant le code QR ou en tapant le code. Il faut une connexion."
        }
        (Lang::En, OwnDevicesHelp) => {
            "Open the session on the server: each person joins with their phone by scanning the QR code or typing the code. A connection is needed."
        }
        (Lang::Fr, OwnDevicesOpen) => {
            "Scannez le code QR ou allez sur Séances collectives et tapez le code :"
        }
        (Lang::En, OwnDevicesOpen) => "Scan the QR code or go to Group sessions and type the code:",
        (Lang::Fr, OpenToPhones) => "Ouvrir aux téléphones",
        (Lang::En, OpenToPhones) => "Open to phones",
        (Lang::Fr, QrOf) => "Code QR du lien",
        (Lang::En, QrOf) => "QR code of the link",
        (Lang::Fr, StorageFull) => {
            "L'espace de stockage du navigateur est plein : cette réponse n'a pas été enregistrée. Tout ce qui l'était déjà est conservé. Libérez de la place (ou exportez une sauvegarde), puis répondez à nouveau."
        }
        (Lang::En, StorageFull) => {
            "The browser's storage is full: this answer was not saved. Everything saved before is kept. Free some space (or export a backup), then answer again."
        }
        (Lang::Fr, ImportSessionFile) => "Importer un fichier de séance",
        (Lang::En, ImportSessionFile) => "Import a session file",
    }
}

/// A date as people write it: "12 mars 2026", "12 March 2026".
pub fn long_date(lang: Lang, millis: i64) -> String {
    let d = bilan_core::calendar::Date::from_millis(millis);
    format!("{} {} {}", d.day, d.month_name(lang), d.year)
}

/// An answer's problem in words for the person answering.
pub fn answer_error(lang: Lang, err: &bilan_core::answer::AnswerError) -> String {
    use bilan_core::answer::AnswerError as E;
    match err {
        E::Required => tr(lang, Msg::ErrRequired).to_owned(),
        E::NotANumber | E::WrongType { .. } => tr(lang, Msg::ErrNumber).to_owned(),
        E::NotWhole => tr(lang, Msg::ErrWhole).to_owned(),
        E::BelowMin(min) => format!("{} {min}.", tr(lang, Msg::ErrMin)),
        E::AboveMax(max) => format!("{} {max}.", tr(lang, Msg::ErrMax)),
        E::BadDate(_) => tr(lang, Msg::ErrDate).to_owned(),
        E::TooManyChoices(n) => format!("{} {n}.", tr(lang, Msg::ErrTooMany)),
        E::LevelOutOfRange { .. } | E::DontKnowNotOffered | E::UnknownOption(_) | E::NoBucket => {
            tr(lang, Msg::ErrRange).to_owned()
        }
    }
}

/// Why a backup file was refused, in words for the person importing it.
pub fn backup_error(lang: Lang, err: &bilan_core::backup::BackupError) -> String {
    use bilan_core::backup::BackupError as E;
    match err {
        E::NotJson { line, column } => {
            format!("{} ({line}:{column})", tr(lang, Msg::BackupNotJson))
        }
        E::Foreign => tr(lang, Msg::BackupForeign).to_owned(),
        E::Newer(_) => tr(lang, Msg::BackupNewer).to_owned(),
        E::Damaged(detail) => format!("{} ({detail})", tr(lang, Msg::BackupDamaged)),
    }
}

/// Why a session cannot be created, take an answer or take another device's file, in `lang`.
pub fn session_error(lang: Lang, err: &bilan_core::session::SessionError) -> String {
    use bilan_core::session::SessionError as E;
    match err {
        E::NoTitle => tr(lang, Msg::SessionNoTitle).to_owned(),
        E::BadDate(date) => format!("{} ({date})", tr(lang, Msg::SessionBadDate)),
        E::BadCode(code) => format!("{} ({code})", tr(lang, Msg::SessionBadCode)),
        E::Closed => tr(lang, Msg::SessionIsClosed).to_owned(),
        E::OtherSurvey { expected, got } => {
            format!("{} ({got} ≠ {expected})", tr(lang, Msg::SessionOtherSurvey))
        }
        E::NotJson { line, column } => {
            format!("{} ({line}:{column})", tr(lang, Msg::BackupNotJson))
        }
        E::Foreign => tr(lang, Msg::SessionForeign).to_owned(),
        E::Newer(_) => tr(lang, Msg::BackupNewer).to_owned(),
        E::Damaged(detail) => format!("{} ({detail})", tr(lang, Msg::BackupDamaged)),
    }
}

/// The current language, shared by the whole app.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (reactive).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches the interface to `lang`.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The text of `msg` in the current language (reactive).
    pub fn t(&self, msg: Msg) -> &'static str {
        tr(self.lang.get(), msg)
    }
}

/// Makes the language available to every component, starting in French.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(Lang::default()),
    };
    provide_context(i18n);
    i18n
}

/// The app's language handle; panics outside [`crate::App`], which is a programming error.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn every_message_is_translated() {
        // A sentence left untranslated in one language is a bug; the list below must name each
        // message so a new one is not forgotten.
        let all = [
            Msg::Tagline,
            Msg::NavMain,
            Msg::NavHome,
            Msg::NavJourney,
            Msg::NavSessions,
            Msg::NavBoard,
            Msg::LanguageLabel,
            Msg::Online,
            Msg::Offline,
            Msg::HomeTitle,
            Msg::HomeIntro,
            Msg::JourneyTitle,
            Msg::JourneyIntro,
            Msg::SessionsTitle,
            Msg::SessionsIntro,
            Msg::BoardTitle,
            Msg::BoardIntro,
            Msg::OpenSpace,
            Msg::NotFoundTitle,
            Msg::NotFoundBody,
            Msg::BackHome,
            Msg::StorageLocal,
            Msg::StoragePersisted,
            Msg::StorageNotPersisted,
            Msg::StorageUnavailable,
            Msg::ProfilesTitle,
            Msg::ProfilesEmpty,
            Msg::NewProfile,
            Msg::Pseudonym,
            Msg::ProjectName,
            Msg::ProfilePrivacy,
            Msg::CreateProfile,
            Msg::FieldRequired,
            Msg::CreatedOn,
            Msg::DeleteProfile,
            Msg::ConfirmDelete,
            Msg::Cancel,
            Msg::ConfirmDeleteButton,
            Msg::Loading,
            Msg::StorageError,
            Msg::DontKnow,
            Msg::Yes,
            Msg::No,
            Msg::Other,
            Msg::Next,
            Msg::Back,
            Msg::SummaryTitle,
            Msg::SummaryLead,
            Msg::Edit,
            Msg::NotAnswered,
            Msg::Submit,
            Msg::Resumed,
            Msg::Autosaved,
            Msg::AnsweredOf,
            Msg::SectionOf,
            Msg::Of,
            Msg::ResultTitle,
            Msg::Indicator,
            Msg::Score,
            Msg::AnswersCount,
            Msg::NoScore,
            Msg::BackToJourney,
            Msg::ProfileMissing,
            Msg::ErrRequired,
            Msg::ErrRange,
            Msg::ErrNumber,
            Msg::ErrWhole,
            Msg::ErrMin,
            Msg::ErrMax,
            Msg::ErrDate,
            Msg::ErrTooMany,
            Msg::BackupTitle,
            Msg::BackupHelp,
            Msg::ExportData,
            Msg::ImportData,
            Msg::ImportDone,
            Msg::Added,
            Msg::UpToDate,
            Msg::ImportRefused,
            Msg::BackupNotJson,
            Msg::BackupForeign,
            Msg::BackupNewer,
            Msg::BackupDamaged,
            Msg::ExportCsv,
            Msg::NothingToExport,
            Msg::DownloadPng,
            Msg::StarTitle,
            Msg::MyProgress,
            Msg::ProgressTitle,
            Msg::ProgressLead,
            Msg::NoReadings,
            Msg::Readings,
            Msg::Date,
            Msg::Survey,
            Msg::CompareTitle,
            Msg::CompareFrom,
            Msg::CompareTo,
            Msg::LinesTitle,
            Msg::ShowTable,
            Msg::ChangesTitle,
            Msg::NoChange,
            Msg::Since,
            Msg::OneReading,
            Msg::ViewReading,
            Msg::OfflineBanner,
            Msg::UpdateAvailable,
            Msg::UpdateHint,
            Msg::UpdateNow,
            Msg::SharingTitle,
            Msg::NotLinked,
            Msg::Joined,
            Msg::SharingExplain,
            Msg::SharingConsent,
            Msg::SharingPreview,
            Msg::NothingToPreview,
            Msg::Pending,
            Msg::AllSent,
            Msg::LastError,
            Msg::RefusedBy,
            Msg::SendNow,
            Msg::RetryRefused,
            Msg::ScoreOf,
            Msg::ProgressOf,
            Msg::DownMuch,
            Msg::Down,
            Msg::Same,
            Msg::Up,
            Msg::UpMuch,
            Msg::Agree,
            Msg::Answer,
            Msg::AnswersOverall,
            Msg::BackToSession,
            Msg::BackToSessions,
            Msg::BoardTokenHelp,
            Msg::BoardTokenTitle,
            Msg::BoardToken,
            Msg::ChangeToken,
            Msg::ChoosePin,
            Msg::CloseAndSend,
            Msg::CloseHelp,
            Msg::CloseSession,
            Msg::ClosedOn,
            Msg::CohortProgress,
            Msg::CollegeComparison,
            Msg::CollegeMeans,
            Msg::Colleges,
            Msg::ConfirmClose,
            Msg::ConfirmDeleteSession,
            Msg::Consensus,
            Msg::ContributionsWord,
            Msg::CreateSession,
            Msg::DeleteSession,
            Msg::Diverge,
            Msg::DownloadCsv,
            Msg::ExportAnswers,
            Msg::FacilitatorPin,
            Msg::Gap,
            Msg::IndicatorDistributions,
            Msg::JoinCode,
            Msg::KioskHelp,
            Msg::KioskMode,
            Msg::KioskPrivacy,
            Msg::KioskStart,
            Msg::KioskThanks,
            Msg::LeaveKiosk,
            Msg::LiveLead,
            Msg::LiveResults,
            Msg::NewAnswers,
            Msg::NewSession,
            Msg::NoTablesYet,
            Msg::NotEnoughColleges,
            Msg::NotEnoughYet,
            Msg::NotLinkedYet,
            Msg::NotReported,
            Msg::Nuanced,
            Msg::OpenDashboard,
            Msg::ParticipantsShort,
            Msg::Participants,
            Msg::Period,
            Msg::PinAgain,
            Msg::PinInvalid,
            Msg::PinMismatch,
            Msg::PinWrong,
            Msg::PrintView,
            Msg::PrintedOn,
            Msg::ProgressDown20,
            Msg::ProgressDown5,
            Msg::ProgressSame,
            Msg::ProgressUp20,
            Msg::ProgressUp5,
            Msg::Progress,
            Msg::Question,
            Msg::ServerUnreachable,
            Msg::SessionBadCode,
            Msg::SessionBadDate,
            Msg::SessionClosed,
            Msg::SessionForeign,
            Msg::SessionFormat,
            Msg::SessionImportHelp,
            Msg::SessionImportTitle,
            Msg::SessionIsClosed,
            Msg::SessionMissing,
            Msg::SessionNoTitle,
            Msg::SessionOpen,
            Msg::SessionOtherSurvey,
            Msg::SessionStatus,
            Msg::SessionSurvey,
            Msg::SessionTitleLabel,
            Msg::SessionsEmpty,
            Msg::SessionsHeld,
            Msg::StartKiosk,
            Msg::ThresholdNote,
            Msg::TokenRefused,
            Msg::TotalsSent,
            Msg::TotalsWaiting,
            Msg::Unlock,
            Msg::Withheld,
            Msg::Year,
            Msg::YearlyFigures,
            Msg::YourSessions,
            Msg::ParticipantsLabel,
            Msg::JoinBadCode,
            Msg::JoinOffline,
            Msg::JoinUnknown,
            Msg::JoinClosed,
            Msg::JoinTitle,
            Msg::JoinSendFailed,
            Msg::Retry,
            Msg::JoinThanks,
            Msg::JoinPrivacy,
            Msg::JoinHelp,
            Msg::JoinButton,
            Msg::OwnDevices,
            Msg::OwnDevicesHelp,
            Msg::OwnDevicesOpen,
            Msg::OpenToPhones,
            Msg::QrOf,
            Msg::StorageFull,
            Msg::ImportSessionFile,
            Msg::StepNote,
            Msg::ClosedNote,
            Msg::PerturbedNote,
            Msg::WithheldNote,
            Msg::FrozenOn,
            Msg::NotPublishedYet,
            Msg::OtherColleges,
            Msg::PinLocked,
            Msg::JoinTooFast,
        ];
        for msg in all {
            let (fr, en) = (tr(Lang::Fr, msg), tr(Lang::En, msg));
            assert!(!fr.is_empty() && !en.is_empty(), "{msg:?} is empty");
            // Words spelt the same in both languages.
            if !matches!(
                msg,
                Msg::Date
                    | Msg::ScoreOf
                    | Msg::Question
                    | Msg::SessionFormat
                    | Msg::ContributionsWord
                    | Msg::Participants
                    | Msg::ParticipantsShort
                    | Msg::ParticipantsLabel
            ) {
                assert_ne!(fr, en, "{msg:?} is not translated");
            }
        }
    }
}
