# Cadre
skip-to-content = Aller au contenu
nav-label = Principale
nav-network = Réseau
nav-formats = Formats
nav-groupings = Régions et groupements
nav-api = API
demo-banner = Données de démonstration : le réseau réel des Alliés et partenaires de l'OTAN, avec des contacts fictifs. Rien ici n'est un document officiel.
footer-text = Entente fait fonctionner et mesure le réseau de partenariats d'une alliance de sécurité.
as-of-label = À la date du
as-of-submit = Afficher
as-of-today = Aujourd'hui
as-of-shown = Situation au

# Erreurs
error-status = Statut
error-back = Retour au réseau
error-not-found-title = Introuvable
error-not-found = Rien ici : l'adresse est erronée, ou l'élément ne vous est pas accessible.
error-internal-title = Une erreur s'est produite
error-internal = Une erreur s'est produite de notre côté ; elle a été consignée. Veuillez réessayer.
error-bad-request-title = La demande ne peut pas aboutir

# Vue d'ensemble
overview-title = Le réseau de partenaires
overview-lead = Alliés, États partenaires et organisations partenaires dans leurs cadres, à la date de votre choix.
counts-heading = Effectifs
count-allies = Alliés
count-partner-states = États partenaires
count-partner-orgs = Organisations partenaires
count-suspended = Partenaires suspendus
allies-heading = Alliés
none-on-date = Aucun à cette date.
suspended-label = Suspendus :
count-nations = { $count ->
    [one] { $count } nation
   *[other] { $count } nations
}

# Nations
kind-member = Membre (Allié)
kind-partner_state = État partenaire
kind-partner_org = Organisation partenaire
field-kind = Nature
field-status = Statut
field-region = Région
field-frameworks = Cadres
field-population = Population
field-gdp = PIB
unit-millions = M
unit-usd-billions = Md USD
unit-kb = Ko
status-ally = Allié
status-partner = Partenaire
status-suspended = Suspendu
status-former = Ancien partenaire
status-not_yet = Pas encore partenaire
timeline-heading = Historique dans les cadres
timeline-chart-title = Périodes dans chaque cadre, de 1949 à la date affichée
col-date = Date
col-framework = Cadre
col-event = Événement
col-note = Remarque
precision-day = connue au jour près
precision-month = connue au mois près
precision-year = connue à l'année près
event-joined = Adhésion
event-left = Départ
event-suspended = Suspension
event-became_member = Devenu Allié
nation-formats-heading = Formats auxquels il siège
nation-no-formats = Aucun format à cette date.
nation-groupings-heading = Groupements et organisations régionales
nation-no-groupings = Aucun enregistré.
contacts-heading = Points de contact
contacts-none = Aucun enregistré.
col-name = Nom
col-role = Fonction
col-email = Courriel
col-phone = Téléphone

# Cadres
framework-launched = Lancé le
framework-active = Participants actifs
framework-suspended = Suspendus
framework-former = Anciens participants
col-nation = Nation
col-region = Région
col-joined = Adhésion
col-left = Départ
end-left = départ
end-suspended = suspendu
end-became_member = devenu Allié

# Formats
formats-title = Formats
formats-lead = Qui siège dans la salle. Un format est une règle appliquée au registre à la date d'une réunion, jamais une liste tenue à la main.
col-format = Format
col-kind = Nature
col-allies = Alliés
col-partners = Partenaires
format-kind-all_allies = Tous les Alliés
format-kind-allies_plus = Alliés + partenaires nommés
format-kind-framework = Cadre entier
format-kind-across_frameworks = Entre plusieurs cadres
format-rule = Règle
format-rule-allies = Tous les Alliés
format-exists = Existe
format-not-in-force = Ce format n’existe pas à cette date : personne n’y siège.
format-not-in-force-short = n’existe pas à cette date
validity-between = du { $from } au { $to }
validity-from = depuis le { $from }
validity-until = jusqu’au { $to }
validity-always = depuis toujours
format-seats = Sièges
format-excluded = Nommés, mais sans siège à cette date
exclusion-unknown_nation = absent du registre
exclusion-not_yet_partner = pas encore partenaire
exclusion-no_longer_partner = n'est plus partenaire
exclusion-suspended = partenariat suspendu
basis-framework = au titre de { $framework }
basis-invited = nommé dans le format

# Groupements
groupings-title = Régions et groupements
groupings-lead = Les organisations et groupements régionaux, avec leurs membres présents dans le réseau, et les régions du registre.
groupings-heading = Organisations et groupements régionaux
regions-heading = Régions
grouping-kind-organisation = Organisation régionale
grouping-kind-grouping = Groupement

# Accès
nav-users = Utilisateurs
nav-audit = Journal d'audit
affiliation-staff = Personnel de l'Alliance
sign-in = Se connecter
sign-out = Se déconnecter
demo-account-banner = Vous êtes connecté avec un compte de démonstration.
role-staff_admin = Administrateur (personnel)
role-staff_officer = Officier traitant (personnel)
role-delegation_lead = Chef de délégation
role-delegation_member = Membre de délégation
role-analyst = Analyste (lecture seule)
field-username = Identifiant
field-password = Mot de passe
field-display-name = Nom
field-affiliation = Délégation
field-role = Rôle
field-email = Courriel
field-code = Code
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-confirm-password = Nouveau mot de passe, à nouveau
field-token-name = Nom du jeton
field-token-days = Valable (jours)
field-last-login = Dernière connexion
login-demo-hint = Les comptes de démonstration et leurs mots de passe sont affichés au démarrage de `entente demo`.
login-expired = Le formulaire de connexion a expiré. Veuillez réessayer.
login-failed = Identifiant ou mot de passe incorrect.
login-throttled = { $minutes ->
    [one] Trop de tentatives de connexion échouées pour ce compte ou depuis cette adresse. Réessayez dans { $minutes } minute.
   *[other] Trop de tentatives de connexion échouées pour ce compte ou depuis cette adresse. Réessayez dans { $minutes } minutes.
}
totp-title = Second facteur
totp-login-intro = Saisissez le code à 6 chiffres de votre application d'authentification, ou l'un de vos codes de secours.
totp-verify = Vérifier
totp-failed = Ce code n'est pas valide. Vérifiez l'heure de votre appareil et réessayez.
account-title = Votre compte
must-change-password = Choisissez un nouveau mot de passe avant de continuer : l'actuel vous a été remis par un administrateur.
password-heading = Mot de passe
password-hint = Au moins 12 caractères. Tous les caractères sont permis ; une phrase de plusieurs mots convient bien. Les mots de passe courants sont refusés.
password-change = Changer le mot de passe
password-mismatch = Les deux nouveaux mots de passe diffèrent.
password-wrong = Le mot de passe actuel est incorrect.
totp-heading = Connexion en deux étapes (TOTP)
totp-on = La connexion en deux étapes est activée.
totp-off = La connexion en deux étapes est désactivée. Activez-la pour demander un code d'une application d'authentification à chaque connexion.
totp-set-up = Activer la connexion en deux étapes
totp-turn-off = Désactiver la connexion en deux étapes
totp-enrol-intro = Scannez ce code avec une application d'authentification, puis saisissez le code à 6 chiffres qu'elle affiche.
totp-qr-label = Code QR pour l'application d'authentification
totp-manual = Ou saisissez cette clé à la main :
totp-confirm = Confirmer et activer
recovery-title = Codes de secours
recovery-intro = La connexion en deux étapes est activée. Gardez ces codes de secours en lieu sûr : chacun permet une connexion si vous perdez votre appareil.
tokens-heading = Jetons d'API
tokens-intro = Les jetons permettent à des programmes d'utiliser l'API avec vos droits. Envoyez-en un dans « Authorization: Bearer … ». Un jeton n'est affiché qu'une fois, à sa création.
token-created = Jeton créé.
token-shown-once = Votre nouveau jeton (copiez-le maintenant : il ne sera plus affiché)
token-usage = curl -H "Authorization: Bearer JETON" https://…/api/v1/me
token-create = Créer un jeton
token-revoke = Révoquer
token-revoked = Révoqué
col-token = Jeton
col-expires = Expiration
col-last-used = Dernière utilisation
col-actions = Actions
col-state = État
shown-once = Ceci n'est affiché qu'une fois. Rien n'est conservé sous forme lisible.
continue = Continuer
users-title = Utilisateurs
users-filter = Délégation
users-staff-lead = Comptes du personnel de l'Alliance.
users-delegation-lead = Comptes de la délégation de
users-new = Nouveau compte
users-create = Créer le compte
users-manage = Gérer ce compte
username-hint = 3 à 64 lettres minuscules, chiffres, points, tirets ou soulignés.
nation-hint = « staff » pour le personnel de l'Alliance, ou un code de nation.
state-active = Actif
state-disabled = Désactivé
state-on = Activé
state-off = Désactivé
user-enable = Réactiver le compte
user-disable = Désactiver le compte
user-reset = Réinitialiser le mot de passe
user-grant = Changer le rôle
user-created-title = Compte créé
password-reset-title = Mot de passe réinitialisé
temporary-password-intro = Transmettez ce mot de passe temporaire à { $user } par un autre canal. Il devra être changé à la première connexion.
audit-title = Journal d'audit
audit-no-access = Votre rôle ne donne pas accès au journal d'audit.
audit-lead-admin = Toutes les modifications, les plus récentes d'abord. Chaque entrée est chaînée à la précédente ; `entente audit verify` détecte toute modification ou suppression.
audit-lead-delegation = Les modifications faites par votre délégation, les plus récentes d'abord.
audit-actor = Qui
audit-action = Action
audit-object = Objet
audit-from = Du
audit-to = Au
audit-empty = Aucune entrée.
audit-older = Entrées plus anciennes
error-forbidden-title = Non autorisé
error-throttled-title = Trop de tentatives

nav-inbox = Notifications
inbox-title = Notifications
inbox-unread-count = { $count ->
    [0] Aucune notification non lue
    [one] Une notification non lue
   *[other] { $count } notifications non lues
}
inbox-empty = Rien pour l'instant. Les réunions auxquelles vous siégez, vos demandes et vos actions seront annoncées ici.
inbox-mark-read = Marquer comme lue
inbox-mark-all-read = Tout marquer comme lu
inbox-read-on = lue le { $date }
inbox-unread-label = Non lue
inbox-read-label = Lue
inbox-details = Détails
inbox-at = { $date } à { $time } UTC
# Notifications : chacune est une phrase, telle que la boîte de réception l'affiche et qu'un
# courriel commence. $who est l'auteur (le nom d'une nation, ou notice-who-staff) ; une réunion
# est nommée avec sa date.
notice-who-staff = Le secrétariat
notice-date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
notice-month-1 = janvier
notice-month-2 = février
notice-month-3 = mars
notice-month-4 = avril
notice-month-5 = mai
notice-month-6 = juin
notice-month-7 = juillet
notice-month-8 = août
notice-month-9 = septembre
notice-month-10 = octobre
notice-month-11 = novembre
notice-month-12 = décembre
notice-meeting-convened = { $who } a convoqué la réunion « { $meeting } » du { $date }.
notice-agenda-item-proposed = { $who } a proposé le point « { $item } » à l'ordre du jour de la réunion « { $meeting } » du { $date }.
notice-agenda-item-accepted = { $who } a inscrit le point « { $item } » à l'ordre du jour de la réunion « { $meeting } » du { $date }.
notice-record-circulated = { $who } a diffusé le compte rendu de la réunion « { $meeting } » du { $date } en procédure d'approbation tacite.
notice-silence-broken = { $who } a rompu le silence sur le compte rendu de la réunion « { $meeting } » du { $date }.
notice-record-agreed = Le compte rendu de la réunion « { $meeting } » du { $date } a été approuvé par procédure d'approbation tacite.
notice-action-assigned = { $who } a attribué l'action « { $action } » (responsable : { $owner }), à achever le { $due }.
notice-action-overdue = L'action « { $action } » (responsable : { $owner }) devait être achevée le { $due } et est en retard.
notice-request-submitted = { $who } a demandé des consultations ({ $basis }).
notice-request-acknowledged = { $who } a accusé réception de la demande de consultations déposée le { $submitted } (demandeur : { $requester }).
notice-request-meeting-convened = { $who } a convoqué la réunion « { $meeting } » du { $date } sur la demande de consultations (demandeur : { $requester }).
notice-request-meeting-convened-unnamed = { $who } a convoqué une réunion sur la demande de consultations (demandeur : { $requester }).
notice-poll-opened = { $who } a ouvert le sondage « { $poll } » pour la réunion « { $meeting } » du { $date }.
notice-poll-closed = { $who } a clos le sondage « { $poll } » pour la réunion « { $meeting } » du { $date }.
notice-report-filed = { $who } a déposé un signalement de défi de sécurité : { $category }, { $country }, le { $occurred }.
notice-report-step = { $who } a classé le signalement de défi de sécurité ({ $category }, { $country }, le { $occurred }) : « { $status } ».
notice-seats-changed = { $nation } dispose désormais { $now ->
    [0] d'aucune place
    [one] d'une place
   *[other] de { $now } places
} pour « { $activity } » (auparavant : { $before }).
notice-feedback-given = { $nation } a évalué « { $activity } » : pertinence { $relevance }/5, qualité { $quality }/5, organisation { $organisation }/5.
calendar-heading = Flux d'agenda
calendar-intro = Une adresse privée pour votre application d'agenda, avec les réunions que vous pouvez voir. Une nouvelle adresse remplace la précédente ; quiconque la connaît peut lire vos réunions : gardez-la pour vous.
calendar-create = Créer une nouvelle adresse d'agenda
calendar-revoke = Désactiver le flux d'agenda
calendar-created-title = Adresse d'agenda
calendar-created-intro = Abonnez-vous à cette adresse dans votre application d'agenda. Toute adresse antérieure ne fonctionne plus.

# Consultation
nav-meetings = Réunions
nav-requests = Demandes
nav-actions = Actions
none = Aucun.
apply = Appliquer
reason = Motif
overdue = en retard
times-in-meeting-zone = Les heures sont lues à l’heure du fuseau horaire ci-dessus.
times-in-headquarters-zone = Les heures sont lues à l’heure du siège (Europe/Brussels) ; la page de la réunion les montre aussi en UTC.
col-meeting = Réunion
col-level = Niveau
col-seats = Sièges
col-title = Titre
col-description = Description
meetings-title = Réunions
meetings-lead = Consultations en formats flexibles : qui siège à chaque réunion découle de son format à la date de la réunion.
meetings-upcoming = À venir
meetings-past = Passées
meeting-plan = Planifier une réunion
meeting-start = Début
meeting-end = Fin
meeting-tz = Fuseau horaire (le début et la fin y sont lus)
meeting-venue = Lieu
meeting-online = En ligne
meeting-move = Passer à
meeting-participants = Participants
meeting-format = Format :
meeting-allies-count = { $count ->
    [one] 1 Allié
   *[other] { $count } Alliés
}
format-name-allies = Alliés
meeting-participants-rule = Déterminés par le format à la date de la réunion.
format-custom = Format sur mesure
format-frameworks = Cadres
format-partners = Partenaires nommés
level-ambassadors = Ambassadeurs
level-ministers = Ministres
level-experts = Experts
level-heads_of_state = Chefs d'État et de gouvernement
request-link = La demande à laquelle elle répond
agenda-heading = Ordre du jour
agenda-pending = Propositions en attente de décision
agenda-accept = Accepter
agenda-reject = Rejeter
agenda-withdraw = Retirer
agenda-edit = Modifier le point
save = Enregistrer
agenda-propose = Proposer un point à l'ordre du jour
papers-heading = Documents et déclarations
paper-statement = Déclaration
paper-document = Document
paper-add-statement = Ajouter une déclaration nationale
paper-upload = Déposer un document
paper-edit = Modifier la déclaration
paper-withdraw = Retirer
paper-file = Fichier
paper-file-hint = PDF, Word, Excel, PowerPoint, texte OpenDocument, PNG, JPEG, texte brut ou CSV ; 20 Mo au plus.
marking-legend = Diffusion
marking-classification = Classification
marking-audience = Communicable à
marking-codes = Nations ou cadres
audience-staff = Personnel seulement
audience-allies = Alliés seulement
audience-nations = Nations nommées (et Alliés)
audience-frameworks = Cadres nommés (et Alliés)
audience-all_partners = Tous les partenaires
audience-public = Le public
record-heading = Compte rendu
record-none = Pas encore de compte rendu.
record-draft = Rédiger une version
record-text = Texte
record-version = Version
record-circulated = diffusée
record-deadline = Silence jusqu'au
record-circulate = Diffuser selon la procédure d'accord tacite
record-breaks = Silence rompu par
record-break = Rompre le silence
record-break-comment = Votre commentaire
silence-draft = Projet
silence-circulating = En procédure d'accord tacite
silence-broken = Silence rompu
silence-agreed = Approuvé
decisions-heading = Décisions
decision-record = Consigner une décision
decision-correct = Corriger le texte
decision-revisions = { $count ->
    [one] Corrigée une fois
   *[other] Corrigée { $count } fois
}
decision-text = Décision
decision-position = Votre position
position-supports = Soutient
position-reserves = Réserve sa position
position-dissociates = Se dissocie
position-no_position = Sans position
actions-heading = Actions de suivi
actions-title = Actions de suivi
actions-lead = Les actions dues par votre délégation, les plus proches d'abord ; celles en retard sont signalées.
actions-all = Tout afficher, y compris les actions faites
actions-open-only = N'afficher que les actions ouvertes
action-owner = Responsable
action-due = Échéance
action-assign = Attribuer une action
action-correct = Corriger l’action
action-was = auparavant
action-revisions = { $count ->
    [one] Corrigée une fois
   *[other] Corrigée { $count } fois
}
action-in_progress = En cours
action-cancelled = Annulée
polls-heading = Sondages de date
poll-open = Ouvrir un sondage de date
poll-options = Options (une date et heure par ligne, dans le fuseau horaire de la réunion : { $zone })
poll-hide = Masquer les résultats jusqu'à la clôture
poll-option = Option
poll-answer = Votre réponse
poll-tally = Oui / si nécessaire / non
poll-vote = Voter
poll-close = Clore le sondage
poll-closed = clos
poll-hidden = Les résultats seront affichés à la clôture.
poll-winner = Retenu :
answer-yes = Oui
answer-if_need_be = Si nécessaire
answer-no = Non
requests-title = Demandes de consultations
requests-lead = Un partenaire qui perçoit une menace directe peut demander des consultations (Document-cadre du PPP, paragraphe 8) ; un Allié peut invoquer l'article 4. Chaque étape est datée.
request-file = Demander des consultations
request-intro = Le personnel de l'Alliance accuse réception de la demande et convoque une réunion dans un format approprié. Vous voyez l'état de la demande à chaque étape.
request-none-open = Votre délégation ne peut pas demander de consultations aujourd'hui :
request-adjust-format = Le format : ajustez-le au besoin
request-basis = Fondement
request-threat = La menace perçue
request-threat-hint = Décrivez la menace pesant sur votre intégrité territoriale, votre indépendance politique ou votre sécurité. Par défaut, seuls le personnel de l'Alliance et votre délégation voient ce texte.
request-submit = Soumettre la demande
request-submitted = Soumise le
request-requester = Demandeur
request-title = Demande de consultations
request-ack-by = Accusé de réception avant le
request-meet-by = Réunion avant le
request-history = Étapes
request-staff-steps = Étapes du personnel
request-acknowledge = Accuser réception
request-decline = Refuser
request-close = Clore
request-withdraw = Retirer la demande
request-convene = Convoquer la réunion
request-proposed-format = Format proposé :
request-suggested = voisins que vous pourriez ajouter :
request-meeting-link = La réunion convoquée

## search
nav-search = Recherche
search-title = Recherche
search-lead = Réunions, points d'ordre du jour, déclarations, documents, comptes rendus, décisions, actions de suivi et demandes de consultations que vous pouvez ouvrir. Les mots anglais et français trouvent leurs autres formes ; les accents sont facultatifs ; mettez les « expressions entre guillemets ».
search-label = Rechercher
search-submit = Rechercher
search-total = Éléments trouvés :
search-none = Rien de ce que vous pouvez ouvrir ne correspond à ces mots.
search-next = Résultats suivants
search-kind-meeting = Réunion
search-kind-agenda_item = Point de l'ordre du jour
search-kind-statement = Déclaration
search-kind-document = Document
search-kind-record = Compte rendu
search-kind-decision = Décision
search-kind-action = Action de suivi
search-kind-request = Demande de consultations

## Coopération : le menu, les activités, les demandes de places, les répartitions
nav-activities = Coopération
any = Tous
filter = Filtrer
facets = Affiner
export-csv = Exporter (CSV)
next-page = Page suivante
history = Historique
activities-title = Menu de coopération
seat-nominee-completed = { $name } (a achevé : { $list })
after-link = Après l’activité : présence, avis et compte rendu
after-title = Après l’activité
after-attendance = Présence
after-no-participants = Aucun de vos participants n’occupe de place dans cette activité (les participants sont les candidats que l’attribution publiée a placés).
after-participant = Participant
after-attended = Présent
after-completed = A achevé
after-yes = Oui
after-no = Non
after-record = Enregistrer la présence
after-record-hint = Chaque participant de la liste est enregistré tel que coché ; l’achèvement compte pour les prérequis des activités suivantes.
after-feedback = Avis
after-means = Moyenne des avis de { $count } { $count ->
    [one] nation :
   *[other] nations :
}
after-relevance = Pertinence
after-quality = Qualité
after-organisation = Organisation
after-comment = Commentaire
after-given = Donné le
after-no-feedback = Aucun avis que vous pouvez lire n’a été donné.
after-feedback-hint = L’avis de votre délégation (1 = médiocre, 5 = excellent) n’est lu que par le secrétariat de l’Alliance, l’organisateur et votre délégation. Le donner à nouveau remplace le précédent.
after-give = Donner un avis
after-report = Compte rendu après action
after-no-report = L’organisateur n’a pas encore rédigé le compte rendu après action.
after-report-write = Le compte rendu après action de l’organisateur
after-report-save = Enregistrer le compte rendu
activities-lead = Cours, exercices, ateliers et autres activités offerts aux partenaires, par domaine de coopération. Chaque partenaire y compose son propre programme.
activities-count = { $count ->
    [0] Aucune activité ne correspond
    [one] Une activité correspond
   *[other] { $count } activités correspondent
}
activity-one = Activité
activity-propose = Proposer une activité
activity-propose-lead = Les Alliés, les institutions partenaires et le personnel de l'Alliance proposent des activités ; le personnel les approuve pour le menu ou les renvoie avec un motif.
activity-search = Mots
activity-area = Domaine de coopération
activity-kind = Type
activity-from = Du
activity-to = Au
activity-language = Langues de travail
activity-provider = Organisateur
activity-open-to-me = Ouvertes à ma nation
activity-dates = Dates
activity-place = Lieu
activity-seats = Places
activity-deadline = Date limite des candidatures
activity-online = En ligne
activity-code = Code
activity-title-en = Titre en anglais
activity-title-fr = Titre en français
activity-aim-en = Objectif en anglais
activity-aim-fr = Objectif en français
activity-institution = Institution organisatrice
activity-institution-hint = Laisser vide si votre nation l'organise ; le personnel nomme toujours l'institution.
activity-start = Premier jour
activity-end = Dernier jour
activity-location-hint = Laisser vide pour une activité en ligne.
activity-nation-cap = Places au plus par nation
activity-frameworks = Ouverte aux partenaires de
activity-frameworks-hint = Codes de cadres, séparés par des virgules ; vide pour tout partenaire actif. Les Alliés peuvent toujours y prendre part.
activity-prerequisites = Prérequis
activity-fee = Frais
activity-no-fee = Aucuns
activity-submit = Soumettre la proposition
activity-eligibility = Votre nation
activity-eligible = peut y prendre part.
activity-not-eligible-framework = ne peut pas y prendre part : au premier jour, elle n'appartient à aucun des cadres auxquels l'activité est ouverte
activity-not-eligible-prerequisite = ne peut pas encore y prendre part : une activité prérequise n'a pas été suivie
activity-open-to-all = Tout partenaire actif
activity-steps = Étapes
activity-approve = Approuver et publier
activity-complete = Marquer comme achevée
activity-reason = Motif
activity-return = Renvoyer à l'auteur
activity-cancel = Annuler l'activité
activity-kind-course = Cours
activity-kind-exercise = Exercice
activity-kind-workshop = Atelier
activity-kind-conference = Conférence
activity-kind-seminar = Séminaire
activity-kind-expert_visit = Visite d'experts
activity-status-proposed = Proposée
activity-status-returned = Renvoyée
activity-status-published = Publiée
activity-status-cancelled = Annulée
activity-status-completed = Achevée
seat-request-title = Demander des places
seat-request-seats = Places
seat-request-priority = Priorité
seat-request-priority-hint = 1 pour l'activité que votre nation souhaite le plus ; la répartition respecte votre ordre.
seat-request-nominees = Candidats
seat-request-nominees-hint = Un nom par ligne, dans l'ordre ; les noms au-delà du nombre de places sont des suppléants.
seat-request-submit = Demander les places
seat-request-withdraw = Retirer
seat-requests-title = Demandes de places
seat-request-status-submitted = Soumise
seat-request-status-withdrawn = Retirée
allocations-title = Répartitions des places
allocations-lead = Les places sont réparties selon une règle équitable : le plus de places pourvues possible, puis le nombre de places le plus égal entre nations, puis les priorités de chaque nation. Chaque réponse est expliquée.
allocation-run-hint = Répartit toutes les activités publiées dont la date limite des candidatures est passée et qu'aucune répartition publiée ne couvre encore. Le résultat est un projet à examiner avant sa publication.
allocation-seed = Graine du tirage (égalités entre nations)
allocation-run = Lancer la répartition
allocation-default-title = Répartition du
allocation-created = Calculée
allocation-granted = Places attribuées
allocation-publish = Publier
allocation-discard = Écarter le projet
allocation-report = Rapport d'équité
allocation-baselines = Ce qu'auraient donné d'autres règles
allocation-mechanism = Règle
allocation-mechanism-primary = Règle équitable (leximin : le pays le moins bien servi d'abord)
allocation-mechanism-fcfs = Premier arrivé, premier servi
allocation-mechanism-draft = Tour de choix en serpentin
allocation-mechanism-utilitarian = Le plus de places, sans terme d'équité
allocation-report-seats-offered = Places offertes
allocation-report-seats-filled = Places pourvues
allocation-report-seats-empty = Places restées vides
allocation-report-seats-wasted = Places perdues
allocation-report-min-fulfilment = Part la plus faible d'une demande satisfaite
allocation-report-smallest-states-fulfilment = Part satisfaite des dix plus petits États
allocation-report-gini-seats = Coefficient de Gini des places
allocation-report-ef1-violations = Envie au-delà d'une place
allocation-lottery = Ordre du tirage
allocation-lines = Réponses
allocation-placed = Candidats retenus
allocation-why = Pourquoi
allocation-answer = Votre réponse
allocation-answer-help = Confirmez les places de votre nation, ou rendez-en, au plus tard à la date indiquée (et avant le début de l'activité) ; les places ni confirmées ni rendues à cette date sont libérées. Les places rendues vont aussitôt aux nations qui attendent encore cette activité ; aucune autre place ne bouge, et la répartition est publiée de nouveau dans une nouvelle version.
allocation-confirm = Confirmer les places
allocation-decline = Rendre
allocation-decline-seats = Places à rendre
allocation-confirmed-on = Confirmées le { $date }
allocation-unconfirmed = Pas encore confirmées
allocation-declined-seats = { $seats } { $seats ->
    [one] place rendue
   *[other] places rendues
}
allocation-note-declined = { $date } : votre nation a rendu { $seats } { $seats ->
    [one] place.
   *[other] places.
}
allocation-note-offered = { $date } : { $seats } { $seats ->
    [one] place rendue par une autre nation a été proposée
   *[other] places rendues par une autre nation ont été proposées
} à votre nation. Les places rendues vont aux nations qui attendent encore cette activité, d'abord à celle qui en détient le moins dans cette répartition (la vôtre en détenait { $held }) ; à égalité, la priorité de la demande départage, puis le tirage au sort publié.
allocation-confirm-by = À confirmer au plus tard le { $date }
allocation-confirm-by-passed = Non confirmées au plus tard le { $date } : les places sont libérées au prochain passage
allocation-released-on = Libérées le { $date } : non confirmées au plus tard le { $by }
allocation-answer-staff = Réponse
allocation-confirm-by-field = Places à confirmer au plus tard le
allocation-confirm-by-help = Facultatif. Laissée vide, la date de chaque ligne est la plus proche de deux dates : deux semaines après la publication, une semaine avant le début de son activité, jamais avant aujourd'hui. Les places ni confirmées ni rendues à cette date sont libérées et proposées aux nations qui attendent encore.
allocation-confirm-by-run = Date de confirmation fixée par le personnel
allocation-note-released = { $date } : { $seats } { $seats ->
    [one] place a été libérée
   *[other] places ont été libérées
}, votre nation ne les ayant ni confirmées ni rendues au plus tard le { $by }.
allocation-note-offered-released = { $date } : { $seats } { $seats ->
    [one] place qu'une autre nation n'a pas confirmée à temps a été proposée
   *[other] places qu'une autre nation n'a pas confirmées à temps ont été proposées
} à votre nation. Les places libérées vont aux nations qui attendent encore cette activité, d'abord à celle qui en détient le moins dans cette répartition (la vôtre en détenait { $held }) ; à égalité, la priorité de la demande départage, puis le tirage au sort publié.
allocation-status-draft = Projet
allocation-status-published = Publiée
allocation-status-superseded = Remplacée
allocation-status-discarded = Écartée

## Évaluation
nav-evaluation = Évaluation
eval-title = Évaluation
eval-lead = Le réseau de partenariats fonctionne-t-il ? Les questions fondatrices, traitées à partir de ce qu'enregistrent le forum, la coopération et le registre. Chaque figure dit ce qu'elle montre et sa limite, comment elle est calculée, et donne les chiffres exacts.
eval-view-rule = Les délégations voient les chiffres portant sur l'ensemble des nations seulement s'ils en couvrent au moins cinq, et la ligne de leur propre nation ; le personnel voit toutes les nations.
eval-from = Du (année)
eval-to = Au (année)
eval-computed-at = Calculé à partir des données enregistrées le
eval-figure = Figure
eval-no-rows = Aucun chiffre pour cette période.
eval-how = Méthode de calcul
eval-export-json = JSON
eval-not-computed-lead = Cette question n'est pas encore traitée : les données nécessaires ne sont pas enregistrées, ou ses indicateurs ne sont pas encore calculés.
eval-period-invalid = La période doit tenir en deux années à partir de 1994, la première n'étant pas postérieure à la seconde. Les chiffres ci-dessous couvrent toutes les années enregistrées.
eval-no-data = Aucune donnée enregistrée pour cette période.
eval-status-computed = Traitée à partir des données enregistrées
eval-status-waits-warning = En attente de la détection conjointe (signalements partagés et alertes pas encore enregistrés dans le produit)
eval-status-not-yet = Données enregistrées, indicateurs pas encore calculés
eval-withheld-small = Les chiffres portant sur moins de { $min } nations ne sont pas montrés aux délégations.
eval-withheld-lines = { $count ->
    [one] La ligne d'une autre nation n'est pas montrée.
   *[other] Les lignes de { $count } autres nations ne sont pas montrées.
}
eval-q1-title = Q1. Existe-t-il un véritable forum où membres et partenaires se consultent ?
eval-q2-title = Q2. La coopération mène-t-elle à la détection conjointe des nouveaux défis ?
eval-q3-title = Q3. Le programme de chaque partenaire est-il adapté à ses besoins ?
eval-q4-title = Q4. Les partenariats servent-ils la prévention des conflits ?
eval-q5-title = Q5. Un réseau étendu sert-il la sécurité ?
eval-q6-title = Q6. Les petits États sont-ils traités à égalité, ou le plus fort l'emporte-t-il ?
eval-q7-title = Q7. La coopération régionale est-elle soutenue ?
eval-q8-title = Q8. Les États gardent-ils leur intérêt et leur confiance dans ces partenariats ?
eval-q1-meetings-title = Réunions par an, par format
eval-q1-meetings-definition = Les réunions que vous pouvez voir dont le début tombe dans la période, hors réunions annulées, comptées par année de début et par forme de format : les Alliés seuls, les Alliés avec des partenaires nommés, un cadre entier, ou des partenaires de plusieurs cadres.
eval-q1-meetings-sentence = De { $from } à { $to }, { $count } réunions ont été enregistrées ; { $partners } d'entre elles ({ $share }) réunissaient des partenaires. Le décompte couvre les réunions enregistrées dans le produit, pas toutes celles que l'Alliance a tenues.
eval-q1-requests-title = Demandes de consultation par an, par fondement
eval-q1-requests-definition = Les demandes de consultation que vous pouvez voir, comptées par année de dépôt et par fondement : paragraphe 8 du Document-cadre du Partenariat pour la paix, article 4 du Traité, ou autre fondement.
eval-q1-requests-sentence = { $count } demandes de consultation ont été déposées sur la période, dont { $paragraph8 } au titre du paragraphe 8. Une demande qui n'a pas été déposée dans le produit n'est pas comptée.
eval-q1-response-title = Délais de réponse au regard des objectifs
eval-q1-response-definition = Pour chaque demande : heures du dépôt à l'accusé de réception, et du dépôt au début de la réunion tenue à son sujet ; médiane et 90e centile (rang le plus proche) sur les demandes où l'étape a eu lieu, et part dans l'objectif configuré.
eval-q1-response-sentence = Sur { $count } demandes ayant reçu un accusé de réception, le délai médian a été de { $median } heures (90e centile : { $p90 } heures) pour un objectif de { $target } heures. Les demandes encore en attente ne figurent pas dans ces chiffres.
eval-q5-partners-title = Partenaires actifs par cadre, par an
eval-q5-partners-definition = D'après l'historique du registre : les États et organisations partenaires dont l'appartenance à chaque cadre couvre le 31 décembre de l'année (aujourd'hui pour l'année en cours). Un partenaire de deux cadres compte dans les deux.
eval-q5-partners-sentence = Le réseau comptait { $first } partenariats en { $from } et { $last } en { $to }, répartis dans { $frameworks } cadres. Un partenariat compte dès l'adhésion d'un État, quelle que soit son activité.
eval-q5-path-title = Du partenariat à l'adhésion
eval-q5-path-definition = D'après le registre : pour chaque Allié dont le premier partenariat (en tant qu'État partenaire) a commencé avant son adhésion, les années entre l'entrée en partenariat et l'adhésion ; pour les pays candidats (partenaires que le registre signale comme tels), les années de partenariat à ce jour.
eval-q5-path-sentence = { $count } Alliés ont d'abord été partenaires ; le chemin médian du partenariat à l'adhésion a duré { $median } ans (de { $min } à { $max }). { $aspirants } pays candidats sont en chemin. Qu'un partenariat précède l'adhésion ne montre pas qu'il l'a causée.
eval-q6-terciles-title = Places obtenues selon la taille des États
eval-q6-terciles-definition = Sur toutes les attributions de places publiées pour des activités commençant dans la période : pour chaque État ayant demandé des places, places attribuées sur places demandées ; États répartis en trois groupes égaux selon leur population (tailles du registre) ; par groupe, la moyenne des taux des États et le taux global (toutes les places attribuées sur toutes les places demandées). Les organisations n'ont pas de population et sont écartées.
eval-q6-terciles-sentence = De { $from } à { $to }, sur { $nations } États, le tiers le plus petit a obtenu { $small } des places demandées et le tiers le plus grand { $large } (coefficient de Gini entre États : { $gini }). Un test de permutation de l'hypothèse « aucune différence entre les tiers » donne p = { $p }, taille d'effet η² = { $eta } : { $verdict } Il décrit les attributions enregistrées, pas la raison des écarts ; avec peu d'États, le test est faible.
eval-q6-verdict-difference = un écart de cette ampleur a peu de chances d'être dû au hasard.
eval-q6-verdict-none = les données ne montrent pas d'écart au-delà du hasard.
eval-q6-verdict-untested = trop peu d'États pour tester.
eval-q6-test-title = Inégalité et test d'absence de différence
eval-q6-test-definition = Coefficient de Gini des taux des États (0 = égalité). Test de permutation : la somme des carrés inter-groupes des taux des États entre les trois groupes de taille, comparée à 2 000 réaffectations aléatoires des groupes (graine fixe, le chiffre se reproduit) ; p est la part des réaffectations au moins aussi extrêmes ; η² est la part inter-groupes de la variance.
eval-q6-test-sentence = Le test demande si les groupes de taille diffèrent plus que des groupes aléatoires de mêmes effectifs ; il ne dit pas si un écart vient de la taille ou de ce que les États ont demandé.
eval-q6-nations-title = Taux de chaque État
eval-q6-nations-definition = Pour chaque État : places demandées et attribuées dans les attributions publiées de la période, sa population et son groupe de taille.
eval-q6-nations-sentence = { $left ->
    [0] Tous les États ayant demandé des places ont une population dans le registre.
    [one] Une organisation demandeuse n'a pas de population et est écartée.
   *[other] { $left } organisations demandeuses n'ont pas de population et sont écartées.
}
eval-tercile-1 = Tiers le plus petit
eval-tercile-2 = Tiers médian
eval-tercile-3 = Tiers le plus grand
eval-path-acceded = Adhésion
eval-path-aspirant = Pays candidat
eval-col-year = Année
eval-col-all_allies = Alliés seuls
eval-col-allies_plus = Alliés + partenaires
eval-col-framework = Cadre
eval-col-across_frameworks = Plusieurs cadres
eval-col-total = Total
eval-col-paragraph8 = Paragraphe 8
eval-col-article4 = Article 4
eval-col-other = Autre fondement
eval-col-interval = Intervalle
eval-col-requests = Demandes
eval-col-median_hours = Médiane (heures)
eval-col-p90_hours = 90e centile (heures)
eval-col-target_hours = Objectif (heures)
eval-col-within_target = Dans l'objectif
eval-col-request_to_ack = Dépôt → accusé de réception
eval-col-request_to_meeting = Dépôt → réunion
eval-col-active_partners = Partenaires actifs
eval-col-nation = Code
eval-col-name = Nation
eval-col-first_framework = Premier cadre
eval-col-partner_since = Partenaire depuis
eval-col-member_since = Allié depuis
eval-col-years = Années
eval-col-status = Statut
eval-col-tercile = Groupe de taille
eval-col-nations = États
eval-col-population_min = Plus petit (M d'habitants)
eval-col-population_max = Plus grand (M d'habitants)
eval-col-asked = Places demandées
eval-col-granted = Places attribuées
eval-col-mean_fulfilment = Taux moyen
eval-col-pooled_fulfilment = Taux global
eval-col-measure = Mesure
eval-col-value = Valeur
eval-col-population_millions = Population (M)
eval-col-fulfilment = Taux obtenu
eval-col-gini = Coefficient de Gini
eval-col-statistic = Statistique du test
eval-col-p_value = Valeur p
eval-col-effect_size_eta_squared = Taille d'effet (η²)
eval-col-rounds = Permutations
eval-col-seed = Graine
eval-q6-by-year-title = Places obtenues selon la taille des États, année par année
eval-q6-by-year-definition = Pour chaque année (l'année de début des activités) et chaque groupe de taille fixé sur toute la période : toutes les places attribuées sur toutes les places demandées par les États du groupe cette année-là. La règle est le mécanisme des attributions publiées cette année-là, tel que chaque attribution l'enregistre.
eval-q6-by-year-sentence = { $years ->
    [one] Une seule année d'attributions publiées est enregistrée ; une tendance en demande davantage.
   *[other] { $years } années d'attributions publiées : comparez les tiers d'une année à l'autre, selon que le mécanisme ou la demande ont changé.
}
eval-q6-by-year-compare = { $years } années d'attributions publiées. En { $first } ({ $first_rule }), le tiers le plus petit a obtenu { $first_small } des places demandées et le tiers le plus grand { $first_large } ; en { $second } ({ $second_rule }), { $second_small } et { $second_large }. La règle n'est pas seule à changer d'une année à l'autre : les activités, les places et la demande aussi.
eval-col-rule = Règle
eval-rule-primary = la règle équitable
eval-rule-fcfs = premier arrivé, premier servi
eval-rule-draft = tour de choix en serpentin
eval-rule-utilitarian = le plus de places, sans terme d'équité
eval-col-tercile_1 = Tiers le plus petit
eval-col-tercile_2 = Tiers médian
eval-col-tercile_3 = Tiers le plus grand
eval-q6-mean = Moyenne des valeurs des États
eval-q6-few = { $nations ->
    [one] Un seul État a une valeur sur la période : trop peu pour comparer les tiers de taille.
   *[other] { $nations } États ont une valeur sur la période : trop peu pour comparer le tiers le plus petit et le plus grand.
}
eval-q6-response-title = Délai d’accusé de réception d’une demande de consultation, selon la taille des États
eval-q6-response-definition = Demandes de consultation déposées sur la période : pour chaque État demandeur, la médiane (rang le plus proche) des jours entre le dépôt et l’accusé de réception du personnel, sur ses demandes dont réception a été accusée ; États répartis en trois groupes égaux selon leur population (tailles du registre) parmi les États ayant une valeur ; par groupe, la moyenne et la médiane des médianes des États ; un test de permutation de l’absence d’écart entre les groupes (2 000 réaffectations, graine fixe). Les demandes encore en attente ne sont pas comptées ; les organisations n’ont pas de population et sont écartées. Les lignes sans code sont les groupes ; les lignes avec un code sont des États.
eval-q6-response-sentence = De { $from } à { $to }, sur { $nations } États demandeurs, la demande type du tiers le plus petit a reçu un accusé de réception en { $small } jours et celle du tiers le plus grand en { $large } jours (médianes des médianes des États). Test de permutation : p = { $p }, η² = { $eta } : { $verdict } Les demandes encore en attente sont écartées : une réponse lente pas encore donnée ne compte pas.
eval-q6-agenda-title = Points d’ordre du jour acceptés, selon la taille des États
eval-q6-agenda-definition = Points d’ordre du jour proposés par une nation, dans les réunions de la période : pour chaque État qui propose, ses points acceptés sur ses points tranchés (acceptés ou rejetés ; un point encore proposé ou retiré par son auteur n’est pas tranché) ; États répartis en trois groupes égaux selon leur population parmi les États ayant une valeur ; par groupe, la moyenne et la médiane des parts des États ; un test de permutation de l’absence d’écart entre les groupes (2 000 réaffectations, graine fixe). Les points proposés par le personnel sont écartés. Les lignes sans code sont les groupes ; les lignes avec un code sont des États.
eval-q6-agenda-sentence = De { $from } à { $to }, sur { $nations } États ayant proposé des points, l’État type du tiers le plus petit a vu { $small } de ses points tranchés acceptés et celui du tiers le plus grand { $large } (médianes). Test de permutation : p = { $p }, η² = { $eta } : { $verdict } Ce qui est proposé diffère d’un État à l’autre ; la part ne dit pas si une proposition méritait d’être acceptée.
eval-q6-voice-title = Part de parole en réunion, selon la taille des États
eval-q6-voice-definition = Réunions tenues sur la période et déclarations nationales qui y ont été faites (documents de type déclaration, non retirés). Dans une réunion dont le format plaçait N nations (résolu à sa date) et où les nations présentes ont fait S déclarations, une part égale vaut S / N pour chaque nation présente. Pour chaque État : ses déclarations sur la somme de ses parts égales, sur les réunions où il siégeait et où quelqu’un a pris la parole (1 = autant qu’une part égale des sièges, 0 = jamais). États répartis en trois groupes égaux selon leur population parmi les États ayant une valeur ; par groupe, la moyenne et la médiane ; un test de permutation de l’absence d’écart (2 000 réaffectations, graine fixe). Les interventions orales ne sont pas enregistrées : seules les déclarations écrites comptent. Les lignes sans code sont les groupes ; les lignes avec un code sont des États.
eval-q6-voice-sentence = De { $from } à { $to }, sur { $nations } États siégeant dans des réunions où des déclarations ont été faites, la part de parole type du tiers le plus petit était de { $small } et celle du tiers le plus grand de { $large } (1 = une part égale des sièges ; médianes). Test de permutation : p = { $p }, η² = { $eta } : { $verdict } Seules les déclarations nationales écrites sont enregistrées, pas ce qui s’est dit dans la salle.
eval-q6-reports-title = Rapports de sécurité vérifiés, selon la taille des États
eval-q6-reports-definition = Rapports sur les défis de sécurité déposés par une nation sur la période : pour chaque État déclarant, ses rapports vérifiés sur ses rapports triés (vérifiés, non vérifiés, doublons ou écartés ; un rapport nouveau ou en cours d’examen n’est pas trié) ; États répartis en trois groupes égaux selon leur population parmi les États ayant une valeur ; par groupe, la moyenne et la médiane des parts des États ; un test de permutation de l’absence d’écart entre les groupes (2 000 réaffectations, graine fixe). Les lignes sans code sont les groupes ; les lignes avec un code sont des États.
eval-q6-reports-sentence = De { $from } à { $to }, sur { $nations } États déclarants, l’État type du tiers le plus petit a vu { $small } de ses rapports triés vérifiés et celui du tiers le plus grand { $large } (médianes). Test de permutation : p = { $p }, η² = { $eta } : { $verdict } La vérification d’un rapport dépend de ses sources et de son sujet, pas seulement de qui l’a déposé.
eval-q6-tests-title = Les tests d’absence d’écart, mesure par mesure
eval-q6-tests-definition = Pour le taux de places obtenues et chaque mesure ci-dessus : les États ayant une valeur, la somme des carrés intergroupes de leurs valeurs entre les trois groupes de taille, sa valeur p par permutation (2 000 réaffectations aléatoires des groupes, graine fixe, pour que la figure se répète) et la taille d’effet η² (la part intergroupe de la variance). Une mesure comptant moins de trois États, ou un seul groupe, n’est pas testée.
eval-q6-tests-sentence = { $shown } mesures ont des valeurs et { $tested } ont pu être testées ; { $differ } { $differ ->
        [one] montre
       *[other] montrent
    } entre les groupes de taille un écart qui a peu de chances d’être dû au hasard (p < 0,05). Chaque test se lit isolément : sur { $tested } tests au seuil de 5 %, la probabilité d’au moins un tel résultat dû au seul hasard est de { $chance }.
eval-q6-envy-title = Envie entre États dans l’attribution des places, selon la taille
eval-q6-envy-definition = Dans chaque attribution publiée (lignes des activités commençant dans la période), la nation i envie la nation k quand i a obtenu moins de places qu’elle n’en demandait et que les places de k dans les activités demandées par i, comptées chacune jusqu’à ce que i y demandait, dépassent les places obtenues par i — la notion d’envie du rapport d’équité, avec les places demandées au lieu des places utilisables (les plafonds nationaux ne sont pas conservés avec les lignes). Les paires sont comptées selon le groupe de taille (celui du taux de places obtenues) de la nation qui envie et de la nation enviée ; les paires possibles sont les paires ordonnées d’États distincts ayant tous deux demandé des places dans la même attribution ; le taux rapporte les paires aux paires possibles. Les organisations n’ont pas de groupe de taille et sont écartées.
eval-q6-envy-sentence = Dans les attributions publiées de { $from } à { $to }, { $pairs } paires d’envie ont été trouvées sur { $possible } paires d’États possibles : le tiers le plus petit a envié le tiers le plus grand dans { $small } paires ({ $small_rate } des paires possibles) et le plus grand le plus petit dans { $large } ({ $large_rate }). L’envie compare les places demandées aux places détenues par les autres ; elle ignore l’éligibilité et les plafonds nationaux et peut donc surestimer ce qu’un État aurait pu obtenir.
eval-q6-envy-few = { $pairs ->
    [one] Une paire d’envie a été trouvée ; trop peu d’États figurent dans les attributions de la période pour comparer les tiers de taille.
   *[other] { $pairs } paires d’envie ont été trouvées ; trop peu d’États figurent dans les attributions de la période pour comparer les tiers de taille.
}
eval-q6-envy-series = Envie envers : { $third }
eval-size = Groupes de taille selon
eval-size-population = Population
eval-size-gdp = PIB
eval-size-invalid = La mesure de taille doit être la population ou le PIB. Les chiffres ci-dessous forment les groupes de taille selon la population.
eval-q6-size-population = Les groupes de taille sont formés selon la population.
eval-q6-size-gdp = Les groupes de taille sont formés selon le PIB (milliards de dollars US), non selon la population.
eval-q6-size-gdp-definition = Ici les États sont répartis selon le PIB (milliards de dollars US courants, tailles du registre) au lieu de la population.
eval-col-gdp_min = Plus petit (PIB, Md USD)
eval-col-gdp_max = Plus grand (PIB, Md USD)
eval-col-gdp_usd_billions = PIB (Md USD)
eval-col-mean = Moyenne
eval-q6-trend-sentence = De { $first } à { $last }, dans les groupes de taille de la période, la médiane du tiers le plus petit était de { $small_same ->
        [yes] { $small_from } en { $small_from_year }, sa seule année avec une valeur
       *[no] { $small_from } en { $small_from_year } et de { $small_to } en { $small_to_year }
    } ; celle du tiers le plus grand de { $large_same ->
        [yes] { $large_from } en { $large_from_year }, sa seule année avec une valeur
       *[no] { $large_from } en { $large_from_year } et de { $large_to } en { $large_to_year }
    }. Chaque année ne compte que les États ayant une valeur cette année-là : une année avec peu d'États dit peu de chose.
eval-q6-trend-sentence-one = Seule l'année { $small_from_year } a des valeurs pour le tiers le plus petit et le plus grand : la médiane du plus petit était de { $small_from } et celle du plus grand de { $large_from }. Une tendance demande davantage d'années.
eval-q6-trend-few = { $years ->
    [one] Une année a des valeurs, mais pas à la fois pour le tiers le plus petit et le plus grand : trop peu pour les suivre année par année.
   *[other] { $years } années ont des valeurs, mais pas à la fois pour le tiers le plus petit et le plus grand : trop peu pour les suivre année par année.
}
eval-q6-response-by-year-title = Jours avant l'accusé de réception d'une demande de consultation, selon la taille des États, année par année
eval-q6-response-by-year-definition = Pour chaque année (l'année du dépôt) et chaque groupe de taille fixé sur toute la période : les États demandeurs ayant une demande déposée cette année-là et accusée, les demandes accusées comptées, et la moyenne et la médiane (rang le plus proche) des jours médians des États avant l'accusé de réception cette année-là.
eval-q6-agenda-by-year-title = Points d'ordre du jour acceptés, selon la taille des États, année par année
eval-q6-agenda-by-year-definition = Pour chaque année (l'année de la réunion) et chaque groupe de taille fixé sur toute la période : les États proposants ayant un point tranché cette année-là, les points tranchés comptés, et la moyenne et la médiane des parts de points acceptés des États cette année-là.
eval-q6-voice-by-year-title = Part de parole en réunion, selon la taille des États, année par année
eval-q6-voice-by-year-definition = Pour chaque année (l'année de la réunion) et chaque groupe de taille fixé sur toute la période : les États siégeant aux réunions de l'année où des déclarations ont été faites, les déclarations comptées, et la moyenne et la médiane de la part de parole des États sur les réunions de l'année (1 = une part égale des sièges).
eval-q6-reports-by-year-title = Rapports de sécurité vérifiés, selon la taille des États, année par année
eval-q6-reports-by-year-definition = Pour chaque année (l'année du dépôt) et chaque groupe de taille fixé sur toute la période : les États ayant un rapport trié déposé cette année-là, les rapports triés comptés, et la moyenne et la médiane des parts de rapports vérifiés des États cette année-là.
eval-q6-tests-by-year-title = Les tests d'absence d'écart, année par année
eval-q6-tests-by-year-definition = Pour chaque année, pour les places obtenues et chaque mesure : le même test de permutation que sur toute la période (2 000 réaffectations aléatoires ; graine : celle de la période plus l'année) sur les valeurs des États de l'année, dans les groupes de taille fixés sur toute la période. Une année de moins de trois États, ou d'un seul groupe, n'est pas testée. Le graphique trace la taille d'effet η² de chaque année.
eval-q6-tests-by-year-sentence = Années ayant des valeurs : { $years } ; tests menés : { $tested }, dont { $differ } { $differ ->
        [one] montre
       *[other] montrent
    } entre les groupes de taille un écart qui a peu de chances d’être dû au hasard (p < 0,05). Une année compte moins d'États que la période, son test est donc plus faible ; sur { $tested } tests au seuil de 5 %, la probabilité d’au moins un tel résultat dû au seul hasard est de { $chance }.
eval-q6-envy-by-year-title = Envie entre États dans les attributions de places, selon la taille, année par année
eval-q6-envy-by-year-definition = Pour chaque année (l'année de début des activités : une attribution compte dans une année pour ses lignes des activités de cette année-là) et chaque groupe de taille des places obtenues : les États du groupe ayant demandé des places, les paires d'envie où l'un d'eux envie un autre État (de tout groupe), les paires possibles (paires ordonnées d'États distincts ayant tous deux demandé des places dans la même attribution, le premier de ce groupe) et le taux, paires sur paires possibles.
eval-q6-envy-by-year-sentence = De { $first } à { $last }, le tiers le plus petit a envié un autre État dans { $small_same ->
        [yes] { $small_from } de ses paires possibles en { $small_from_year }, sa seule année avec des attributions
       *[no] { $small_from } de ses paires possibles en { $small_from_year } et { $small_to } en { $small_to_year }
    } ; le tiers le plus grand dans { $large_same ->
        [yes] { $large_from } en { $large_from_year }, sa seule année avec des attributions
       *[no] { $large_from } en { $large_from_year } et { $large_to } en { $large_to_year }
    }. L'envie ignore l'éligibilité et les plafonds nationaux : elle peut surestimer ce qu'un État aurait pu obtenir.
eval-q6-envy-by-year-sentence-one = Seule l'année { $small_from_year } a des attributions pour le tiers le plus petit et le plus grand : le plus petit a envié un autre État dans { $small_from } de ses paires possibles et le plus grand dans { $large_from }. Une tendance demande davantage d'années.
eval-q6-envy-by-year-series = { $third }, envieux
eval-col-counted = Éléments comptés
eval-col-median = Médiane
eval-col-response_days = Jours jusqu’à l’accusé de réception
eval-col-agenda_accepted = Points d’ordre du jour acceptés
eval-col-voice = Part de parole
eval-col-reports_verified = Rapports vérifiés
eval-col-envier = Tiers qui envie
eval-col-envied = Tiers envié
eval-col-pairs = Paires d’envie
eval-col-possible = Paires possibles
eval-report-title = Rapport d'évaluation
eval-report-registry = registre au
eval-report-figures = { $count ->
    [one] une figure
   *[other] { $count } figures
}
eval-report-link = Rapport imprimable
eval-q8-engagement-title = États partenaires participants, par an
eval-q8-engagement-definition = Chaque année : les États partenaires actifs dans un cadre au 31 décembre (aujourd'hui pour l'année en cours), et combien d'entre eux ont demandé des places dans une activité commençant cette année-là, ont siégé à une réunion tenue cette année-là (le format de la réunion, résolu le jour même, les y faisait siéger) ou ont déposé une demande de consultation ; un partenaire dont l'engagement a cessé a participé l'année précédente mais pas cette année. La tendance commence à la première année où quelque chose a été enregistré. Les organisations partenaires sont écartées.
eval-q8-engagement-sentence = En { $year }, { $engaged } des { $eligible } États partenaires admissibles ({ $share }) ont participé : { $seats } ont demandé des places, { $meetings } ont siégé à une réunion tenue, { $filed } ont déposé une demande de consultation ; { $lapsed } qui avaient participé l'année précédente ne l'ont pas fait. Un siège dans le format d'une réunion compte comme participation : la présence n'est pas encore enregistrée.
eval-q8-partners-title = Engagement de chaque partenaire
eval-q8-partners-definition = Pour chaque État partenaire sur les années affichées : les années où il était admissible, celles où il a participé, la dernière année de participation et les années où son engagement a cessé.
eval-q8-partners-sentence = { $never ->
    [0] Chaque État partenaire admissible a participé au moins une fois.
    [one] Un État partenaire admissible n'a jamais participé sur les années affichées.
   *[other] { $never } États partenaires admissibles n'ont jamais participé sur les années affichées.
}
eval-col-eligible = Partenaires admissibles
eval-col-requested_seats = Places demandées
eval-col-sat_in_meetings = Siège en réunion
eval-col-filed_requests = Demande déposée
eval-col-engaged = Ont participé
eval-col-share = Part
eval-col-lapsed = Engagement cessé
eval-col-eligible_years = Années admissible
eval-col-engaged_years = Années de participation
eval-col-last_engaged = Dernière participation
eval-col-lapses = Cessation en
eval-q7-groups-title = Liens au sein des groupements régionaux et entre eux
eval-q7-groups-definition = Deux nations sont liées quand elles ont obtenu des places dans la même activité d'une attribution publiée, ou que le format d'une même réunion tenue les a fait siéger, dans la période. Pour chaque groupement régional ou organisation du registre, sur ses membres présents au moins une fois : paires liées entre membres sur paires possibles (au sein), et paires liées entre un membre et toute autre nation présente sur paires possibles (entre) ; les membres sans lien avec un autre membre sont comptés comme isolés.
eval-q7-groups-sentence = { $denser } groupements sur { $groups } sont plus densément liés en leur sein qu'avec les autres ; sur les { $nations } nations présentes, { $density } des paires possibles sont liées. Un lien dit que deux nations ont siégé ensemble, pas qu'elles ont coopéré entre elles.
eval-q7-network-title = Qui siège avec qui
eval-q7-network-definition = Le réseau de coparticipation dessiné sur un cercle, nations ordonnées par groupement : un trait relie deux nations qui ont siégé ensemble, d'autant plus épais qu'elles l'ont fait souvent. Seuls les liens les plus forts sont dessinés (150 au plus) ; le tableau les énumère.
eval-q7-network-sentence = { $ties } paires de nations ont siégé ensemble sur la période ({ $drawn } liens les plus forts dessinés) ; le lien le plus fort unit { $a } et { $b }, { $weight } occasions.
eval-q7-network-staff = Le réseau nomme des paires de nations : il n'est montré qu'au personnel de l'Alliance.
eval-col-grouping = Groupement
eval-col-members_present = Membres présents
eval-col-inside = Densité au sein
eval-col-across = Densité entre
eval-col-isolated = Membres isolés
eval-col-isolated_nations = Isolés
eval-col-nation_a = Nation
eval-col-nation_b = Avec
eval-col-occasions = Occasions communes
eval-col-grouping_name = Nom

## détection conjointe : alertes
nav-alerts = Alertes
alerts-title = Alertes sur les défis de sécurité
alerts-lead = Les hausses que les détecteurs ont trouvées dans les données d’événements importées (ACLED, GDELT, UCDP), par pays ou province et catégorie de défi, en semaines ISO complètes. Les alertes tirées de données ouvertes sont visibles de tout compte connecté.
alerts-detect = Lancer la détection
alerts-detected = Détection effectuée : { $count } alertes pour la dernière semaine complète, dont { $new } nouvelles.
alerts-count = { $count ->
    [one] Une alerte correspond.
   *[other] { $count } alertes correspondent.
}
alerts-none = Aucune alerte ne correspond.
alerts-open-count = { $count ->
    [one] une alerte ouverte
   *[other] { $count } alertes ouvertes
}
alerts-map-title = Alertes ouvertes par pays
alerts-map-desc = { $count ->
    [0] Aucun pays n’a d’alerte ouverte.
    [one] Un pays a des alertes ouvertes ; plus foncé signifie davantage.
   *[other] { $count } pays ont des alertes ouvertes ; plus foncé signifie davantage.
}
alerts-map-caption = Plus un pays est foncé, plus il a d’alertes ouvertes ; choisissez un pays pour les lister. Les petits États sont figurés par des points. Frontières Natural Earth (domaine public).
alert-title = Alerte
alert-country = Pays (ISO3)
alert-category = Catégorie
alert-region = Région
alert-framework = Cadre
alert-country-level = Pays entiers seulement
alert-week = Semaine
alert-place = Lieu
alert-detector = Détecteur
alert-observed = Observé
alert-expected = Attendu
alert-score = Score
alert-threshold = Seuil
alert-fatalities = Victimes
alert-events = Événements
alert-state-open = Ouverte (nouvelle ou prise en compte)
alert-state-new = Nouvelle
alert-state-acknowledged = Prise en compte
alert-state-escalated = Portée en consultation
alert-state-dismissed = Écartée
alert-layer-curated = données vérifiées
alert-layer-media = événements codés des médias
alert-basis-open = tirée des seules données ouvertes
alert-reason = Motif :
alert-chart-title = Événements par semaine dans cette cellule
alert-chart-counts = événements par semaine
alert-chart-alerted = semaine de l’alerte
alert-chart-expected = niveau attendu, avec l’intervalle où un compte de Poisson reste environ 95 % des semaines
alert-chart-caption = Barres : événements par semaine ISO sur les 26 dernières semaines ; tirets : le niveau attendu par le détecteur ; zone grisée : attendu ± 2√attendu.
alert-series-table = Les chiffres par semaine
alert-top-events = Principaux événements en cause
alert-date = Date
alert-source = Source
alert-event-type = Type d’événement
alert-provenance = Provenance
alert-also = également signalé par
alert-actions = Ce que vous pouvez faire
alert-action-acknowledge = Prendre en compte
alert-action-dismiss = Écarter
alert-action-reopen = Rouvrir

## détection conjointe : signalements partagés
reports-title = Signalements partagés de défis de sécurité
reports-lead = Les signalements qu’une délégation ou le secrétariat partage sur un défi de sécurité. Le secrétariat les trie ; un signalement vérifié compte dans la détection, et une alerte fondée sur des signalements n’est montrée qu’à ceux qui peuvent voir chacun des signalements qu’elle compte.
reports-none = Aucun signalement à afficher.
reports-link = Signalements partagés
report-title = Signalement
report-file = Déposer un signalement
report-intro = Décrivez ce que vous avez observé. Choisissez qui peut le lire : le secrétariat le lit toujours, et votre délégation voit ses propres signalements.
report-occurred = Date
report-until = Jusqu’au (pour une période)
report-admin1 = Province ou région (admin1)
report-description = Ce qui s’est passé
report-sources = Sources (liens ou texte)
report-submit = Déposer le signalement
report-author = Déposé par
report-by-staff = Secrétariat de l’Alliance
report-triage = Tri
report-step-review = Mettre à l’examen
report-step-verify = Vérifier
report-step-not_verified = Non vérifié
report-step-duplicate = Doublon (préciser de quoi)
report-step-dismiss = Écarter
report-documents = Documents
report-no-documents = Aucun document n'est joint à ce signalement.
report-add-document = Joindre un document (preuves, photographies, texte d'une source)
report-document-hint = PDF, Word, Excel, PowerPoint, texte OpenDocument, PNG, JPEG, texte brut ou CSV ; 20 Mo au plus ; jusqu'à 10 documents, tant que le signalement est ouvert. Qui peut lire le signalement peut lire ses documents.
report-attach = Joindre
alert-basis-reports = compte des signalements partagés
alert-reports-counted = Signalements partagés que compte cette alerte
alert-report-fused = Décrit un incident que les données importées contiennent déjà, compté une seule fois :
alert-fusion-confidence = confiance de la fusion
alert-report-new-incident = Un incident qu'aucun enregistrement importé ne décrit : il ajoute un événement aux décomptes.
alert-consult = Proposer des consultations
alert-consult-staff-hint = Prépare une réunion dans le format des nations concernées — les Alliés, la nation touchée si elle est partenaire, et ses partenaires de la région — dans une semaine, à ajuster et à convoquer depuis la page de la réunion.
alert-consult-staff = Préparer une réunion
alert-consult-nation-hint = Dépose une demande de consultations de votre délégation, liée à cette alerte ; le secrétariat en accuse réception et convoque la réunion.
alert-consult-nation = Déposer une demande de consultations
alert-consult-request = Consultations proposées dans la demande
alert-consult-meeting = Consultations proposées dans la réunion
request-from-alerts = Issue de l’alerte
calibration-title = Calibrage des détecteurs
calibration-lead = Le comportement de chaque détecteur sur des séries synthétiques avec et sans hausse injectée ({ $series } séries par régime : clairsemé, dense, saisonnier, surdispersé), et les seuils en vigueur. Un seuil plus élevé donne moins de fausses alertes et des détections plus tardives ou plus rares.
calibration-in-force = Seuils en vigueur
calibration-default = Valeur calibrée par défaut
calibration-range = Plage testée
calibration-set = Modifier
calibration-set-by-staff = (fixé par le secrétariat)
calibration-save = Enregistrer
calibration-backtest = Test rétrospectif (les quatre régimes réunis)
calibration-backtest-hint = Fausses alertes pour 100 séries-années sur des séries sans hausse ; probabilité de détecter une hausse pendant ses semaines ; délai médian en semaines parmi les hausses détectées.
calibration-false-alarms = Fausses alertes / 100 séries-années
calibration-pod = Probabilité de détection
calibration-delay = Délai médian (semaines)
calibration-link = Calibrage des détecteurs
imports-link = Imports de données d’événements
imports-title = Imports de données d’événements
imports-lead = Les fichiers de données ouvertes sur les événements (ACLED, GDELT 1.0 et 2.0, UCDP GED) et de signalements des partenaires, importés dans la base : chacun ajoute ses comptes journaliers, les événements qui pèsent le plus par cellule et par semaine, et les incidents fusionnés des sources vérifiées. Un fichier est importé en une seule transaction — si le serveur s’arrête avant la fin, rien n’en est gardé — et la détection tourne ensuite. Le même fichier, ou le même contenu compressé ou renommé, est refusé.
imports-started = { $file } a été reçu et s’importe en arrière-plan ; son avancement s’affiche ci-dessous.
imports-file = Fichier (CSV, TSV, JSON, ou l’un d’eux dans une archive zip ou gzip)
imports-file-hint = Jusqu’à { $mb } Mio. Les fichiers plus gros s’importent sur le serveur avec la commande entente events import.
imports-format = Format
imports-send = Importer
imports-list = Imports
imports-none = Aucune donnée d’événements n’a encore été importée.
imports-refreshing = Un import est en cours : cette page se rafraîchit toutes les quelques secondes.
imports-progress = Avancement
imports-col-file = Fichier
imports-col-rows = Lignes comptées
imports-col-skipped = Lignes écartées
imports-col-started = Commencé
imports-col-finished = Terminé
import-format-auto = Reconnaître d’après le contenu
import-format-acled = ACLED
import-format-gdelt1 = Événements GDELT 1.0
import-format-gdelt2 = Événements GDELT 2.0
import-format-ucdp = UCDP GED
import-format-report = Signalements des partenaires
import-state-running = En cours
import-state-done = Terminé
import-state-failed = Échoué
eval-q2-alerts-title = Alertes, signalements partagés qu’elles comptent, consultations proposées
eval-q2-alerts-definition = Chaque année (de la semaine de l’alerte) : les alertes levées par les détecteurs que vous pouvez voir ; celles dont les comptes incluent des signalements partagés vérifiés (la contribution d’un partenaire ou d’un Allié à la détection — une telle alerte n’est montrée qu’à ceux qui peuvent voir chacun des signalements qu’elle compte) ; celles sur lesquelles des consultations ont été proposées, et le délai médian en jours entre la détection et cette proposition.
eval-q2-alerts-sentence = { $alerts } alertes ont été levées sur la période ; { $with } d’entre elles ({ $share }) comptaient des signalements partagés, et des consultations ont été proposées sur { $escalated }. Les alertes viennent des données d’événements importées et des signalements vérifiés : un relevé calme peut signifier peu de données, non peu de troubles.
eval-q2-reports-title = Signalements partagés par catégorie
eval-q2-reports-definition = Les signalements de défis de sécurité déposés dans le produit que vous pouvez voir (ceux de votre délégation, ceux qui vous sont communiqués ; tous pour le secrétariat), par année décrite et catégorie, et combien le secrétariat en a vérifié.
eval-q2-reports-sentence = { $reports } signalements ont été partagés sur la période ; le secrétariat en a vérifié { $verified }.
eval-q1-agenda-title = Qui fixe l’ordre du jour : les points proposés par les partenaires
eval-q1-agenda-definition = Chaque année (de la réunion) : les points d’ordre du jour que vous pouvez voir dans les réunions que vous pouvez voir, ceux proposés par la délégation d’un partenaire (une nation qui n’est pas Alliée le jour de la réunion ; les points du secrétariat et des Alliés sont les autres), leur part, et combien de l’ensemble des points et de ceux des partenaires ont été acceptés à l’ordre du jour.
eval-q1-agenda-sentence = { $items } points d’ordre du jour ont été proposés sur la période ; les partenaires en ont proposé { $partners } ({ $share }), et { $accepted } des leurs ont été acceptés. Seuls comptent les points proposés dans le produit : un forum qui reçoit des demandes par d’autres voies en montre moins.
eval-col-items = Points d’ordre du jour
eval-col-by_partners = Proposés par des partenaires
eval-col-partner_share = Part des partenaires
eval-col-accepted = Acceptés
eval-col-partners_accepted = Points des partenaires acceptés
eval-q8-after-title = Après les activités : présence, achèvement et avis
eval-q8-after-definition = Chaque année (du dernier jour de l’activité) : les nations ayant des participants enregistrés par les organisateurs ou ayant donné un avis, les participants placés et enregistrés, la part de ceux qui étaient présents et, parmi eux, de ceux qui ont achevé, les avis donnés par les délégations et la moyenne de chaque note (1 = médiocre, 5 = excellent). La présence n’est comptée que là où un organisateur l’a enregistrée ; une délégation qui ne donne pas d’avis n’est comptée ni satisfaite ni insatisfaite.
eval-q8-after-sentence = En { $year }, { $participants } participants de { $nations } nations ont été enregistrés : { $attended } étaient présents et { $completed } d’entre eux ont achevé ; { $feedback } avis ont noté les activités { $mean } sur 5 en moyenne. Les avis viennent de ceux qui ont choisi d’en donner, et les organisateurs enregistrent la présence inégalement.
eval-col-participants = Participants
eval-col-attended_share = Présents
eval-col-completed_share = Ont achevé (parmi les présents)
eval-col-feedback = Avis
eval-col-relevance = Pertinence
eval-col-quality = Qualité
eval-col-organisation = Organisation
eval-q2-lead-title = Les signalements partagés en avance sur les données ouvertes
eval-q2-lead-definition = Chaque année (du signalement) : les signalements partagés vérifiés que vous pouvez voir, et ceux qu’une alerte fondée sur les seules données ouvertes a suivis dans le même pays et la même catégorie de défi — la semaine de l’alerte commençant dans la semaine du signalement ou jusqu’à huit semaines après ; l’avance est le nombre de jours entre la date du signalement et le début de cette semaine (0 quand les données ouvertes montraient la poussée la même semaine). Un signalement que les données ouvertes n’ont jamais rattrapé peut avoir annoncé ce qu’elles ont manqué, ou rien qui ait grandi.
eval-q2-lead-sentence = Sur { $verified } signalements vérifiés, les données ouvertes ont montré une poussée dans le même pays et la même catégorie dans les { $window } semaines suivantes pour { $followed } ; l’avance médiane des signalements était de { $median } jours. Seules comptent les alertes que vous pouvez voir, et les données ouvertes couvrent certains pays mieux que d’autres.
eval-col-followed = Suivis d’une alerte sur données ouvertes
eval-col-median_lead_days = Avance médiane (jours)
eval-col-max_lead_days = Plus longue avance (jours)
eval-q4-depth-title = Événements violents selon la profondeur du partenariat
eval-q4-depth-definition = Chaque année (de la semaine ISO) : les événements de conflit armé et de violence contre les civils que les sources vérifiées importées (ACLED, UCDP GED ; les événements codés d’après la presse de GDELT sont écartés) ont relevés dans chaque pays, au niveau du pays ; les pays groupés selon leur partenariat avec l’Alliance au 1er juillet de l’année, d’après l’historique du registre : Alliés, partenaires depuis dix ans ou plus (dans un cadre de partenariat quelconque), partenaires plus récents, et pays hors du réseau. Par groupe : les pays ayant au moins un événement, leurs événements et leurs morts, et les événements par pays concerné. Les pays sans événement ne sont pas comptés, et les sources couvrent certaines régions mieux que d’autres.
eval-q4-depth-sentence = En { $year }, événements violents par pays concerné : Alliés { $ally }, partenaires de longue date { $long }, partenaires plus récents { $partner }, pays hors du réseau { $outside }. C’est une description, non la mesure d’un effet : les groupes diffèrent par la région, la taille et l’histoire, le conflit détermine qui devient partenaire autant que le partenariat détermine le conflit, et les sources couvrent certains pays mieux que d’autres.
eval-col-depth = Partenariat
eval-col-countries = Pays concernés
eval-col-events = Événements
eval-col-fatalities = Morts
eval-col-events_per_country = Événements par pays
eval-col-ally = Alliés
eval-col-long_partner = Partenaires depuis 10 ans ou plus
eval-col-partner = Partenaires depuis moins de 10 ans
eval-col-outside = Hors du réseau
eval-col-alerts = Alertes
eval-col-with_reports = Avec signalements partagés
eval-col-share_with_reports = Part avec signalements partagés
eval-col-escalated = Consultations proposées
eval-col-median_days_to_consultation = Délai médian jusqu’aux consultations (jours)
eval-col-category = Catégorie
eval-col-reports = Signalements
eval-col-verified = Vérifiés

## Programmes (ITPP)
nav-programmes = Programmes
programmes-title = Programmes de partenariat individualisés
programmes-lead = Le programme de chaque partenaire : ses objectifs stratégiques, les objectifs de partenariat qui les servent, et les activités du menu prévues pour chacun. Le partenaire le rédige, le personnel commente et propose des modifications, un administrateur du personnel en constate l'accord ; chaque version agréée est conservée.
programmes-none = Aucun programme que vous puissiez lire pour l'instant.
programme-open = Ouvrir notre programme
programme-partner = Partenaire
programme-objectives = Objectifs
programme-goals = Objectifs de partenariat
programme-agreed-version = Version agréée
programme-updated = Dernière modification
programme-title = Programme de partenariat
programme-status-draft = Projet
programme-status-agreed = Agréé
programme-status-amended = Modifié depuis l'accord
programme-version = Version
programme-versions = Versions agréées
programme-agreed-on = Agréée le
programme-agree = Constater l'accord sur ce plan
programme-plan = Objectifs, objectifs de partenariat et activités
programme-empty = Le plan est vide : ajoutez un objectif stratégique, puis les objectifs de partenariat qui le servent.
programme-objective = Objectif stratégique
programme-goal = Objectif de partenariat
programme-edit-objective = Modifier cet objectif
programme-remove-objective = Retirer cet objectif
programme-edit-goal = Modifier cet objectif de partenariat ou prévoir une activité
programme-remove-goal = Retirer cet objectif de partenariat
programme-add-objective = Ajouter un objectif stratégique
programme-add-goal = Ajouter un objectif de partenariat
programme-save = Enregistrer
programme-field-objective = objectif stratégique
programme-field-area = domaine
programme-field-description = Description
programme-field-target = Échéance
programme-field-indicator = Indicateur mesurable
programme-field-activities = activités
programme-supporting = Activités à l'appui
programme-no-activity = Aucune activité prévue pour l'instant.
programme-plan-activity = Activité du menu dans ce domaine
programme-year = Année
programme-link = Prévoir cette activité
programme-unlink = Retirer
programme-assessment = Évaluation
programme-assess = Évaluer un objectif de partenariat
programme-cycle = Cycle (année)
programme-rating = Appréciation
programme-evidence = Éléments probants
programme-rating-not_started = Pas commencé
programme-rating-in_progress = En cours
programme-rating-largely_met = Largement atteint
programme-rating-met = Atteint
programme-side-partner = Auto-évaluation
programme-side-staff = Évaluation du personnel
programme-comments = Commentaires et modifications proposées
programme-comment = Commentaire
programme-comment-submit = Envoyer
programme-proposal = Modification proposée
programme-proposal-check = Il s'agit d'une modification proposée
programme-changes = Modifications par rapport à la version précédente
programme-changes-first = La première version agréée.
programme-change-objective-added = Objectif ajouté
programme-change-objective-removed = Objectif retiré
programme-change-objective-changed = Objectif reformulé
programme-change-goal-added = Objectif de partenariat ajouté
programme-change-goal-removed = Objectif de partenariat retiré
programme-change-goal-changed = Objectif de partenariat modifié
seat-request-goal = Sert l'objectif de partenariat
seat-request-goal-none = Aucun objectif de notre programme
seat-request-goal-agreed = objectif agréé

## Evaluation Q3
eval-q3-partners-title = Programmes des partenaires et places qui les servent
eval-q3-partners-definition = Pour chaque partenaire dont le programme (ITPP) a été agréé au moins une fois, sur sa dernière version agréée : ses objectifs de partenariat, ceux qui ont au moins une activité prévue, ceux que le personnel a évalués pour un cycle jusqu'à la fin de la période et, parmi eux, ceux dont la dernière évaluation du personnel est « atteint » ; les places qui lui ont été attribuées dans les répartitions publiées d'activités commençant dans la période, et celles qui servent son programme — la demande nommait l'un de ses objectifs agréés, ou l'activité est prévue sous l'un d'eux. La part est le second nombre rapporté au premier.
eval-q3-partners-sentence = { $partners } partenaires ont un programme agréé, avec { $goals } objectifs de partenariat en tout ; { $with_activity } ont une activité prévue et le personnel en a jugé { $met } atteints. { $share } des places attribuées à ces partenaires ont servi leur programme. Une place qui sert un objectif montre une intention, pas un bénéfice : les évaluations disent si les objectifs sont atteints.
eval-q3-requests-title = Demandes servant un objectif, satisfaites ou non
eval-q3-requests-definition = Les demandes des partenaires ayant un programme agréé traitées dans les répartitions publiées d'activités commençant dans la période : celles qui servent le programme (comme ci-dessus) et les autres, combien ont obtenu au moins une place, et le taux.
eval-q3-requests-sentence = Sur { $serving } demandes servant un objectif du programme, { $serving_rate } ont obtenu au moins une place ; sur { $other } autres demandes, { $other_rate }. La répartition classe en premier, parmi les demandes d'une nation, celles qui servent un objectif agréé : un taux plus élevé est donc attendu par construction ; il ne compare pas les nations.
eval-col-goals = Objectifs de partenariat
eval-col-goals_with_activity = Avec une activité prévue
eval-col-goals_assessed = Évalués par le personnel
eval-col-goals_met = Atteints
eval-col-seats_serving = Places servant le programme
eval-col-granted_any = Au moins une place obtenue
eval-col-rate = Taux
eval-col-serving_goal = Servant un objectif du programme
eval-col-not_serving_goal = Ne servant aucun objectif

## Avis affichés une fois après une action
notice-saved = C’est fait : votre modification est enregistrée.
notice-signed-in = Vous êtes connecté.
notice-signed-out = Vous êtes déconnecté.

## Le fuseau horaire du lecteur (page du compte)
time-zone-heading = Fuseau horaire
time-zone-label = Afficher aussi les heures en
time-zone-utc-default = UTC (par défaut)
time-zone-hint = Les heures d’une réunion sont affichées à l’heure de son lieu ; quand la vôtre diffère, elle est affichée à côté.
time-zone-save = Enregistrer le fuseau horaire
time-zone-unknown = « { $zone } » n’est pas un fuseau horaire de la base tz (par exemple Europe/Brussels).

# audit log in words
audit-who-nation = Délégation : { $nation } — { $name }
audit-who-staff = Personnel de l’Alliance — { $name }
audit-who-system = Entente ({ $name })
audit-act-meeting-plan = a planifié la réunion
audit-act-meeting-convened = a convoqué la réunion
audit-act-meeting-held = a indiqué que la réunion s’est tenue
audit-act-meeting-record-under-silence = a placé le compte rendu sous procédure de silence
audit-act-meeting-closed = a clos la réunion
audit-act-meeting-cancelled = a annulé la réunion
audit-act-meeting-amend = a modifié la réunion
audit-act-agenda-propose = a proposé un point de l’ordre du jour
audit-act-agenda-accept = a accepté un point de l’ordre du jour
audit-act-agenda-reject = a rejeté un point de l’ordre du jour
audit-act-agenda-withdraw = a retiré un point de l’ordre du jour
audit-act-agenda-amend = a modifié un point de l’ordre du jour
audit-act-paper-statement = a ajouté une déclaration nationale
audit-act-paper-amend = a modifié une déclaration
audit-act-paper-withdraw = a retiré un document
audit-act-paper-upload = a ajouté un document
audit-act-paper-document = a ajouté un document
audit-act-record-draft = a rédigé le compte rendu
audit-act-record-circulate = a diffusé le compte rendu
audit-act-record-break = a rompu le silence
audit-act-decision-record = a consigné une décision
audit-act-decision-correct = a corrigé une décision
audit-act-decision-position = a indiqué une position sur une décision
audit-act-action-assign = a attribué une action
audit-act-action-update = a mis à jour une action
audit-act-action-correct = a corrigé une action
audit-act-poll-open = a ouvert un sondage de date
audit-act-poll-vote = a répondu à un sondage de date
audit-act-poll-close = a clos un sondage de date
audit-act-request-file = a demandé des consultations
audit-act-request-acknowledge = a accusé réception d’une demande de consultations
audit-act-request-convene = a convoqué une réunion pour une demande
audit-act-request-meeting-held = a indiqué que la réunion demandée s’est tenue
audit-act-request-close = a clos une demande de consultations
audit-act-request-decline = a refusé une demande de consultations
audit-act-request-withdraw = a retiré une demande de consultations
audit-act-activity-proposed = a proposé une activité
audit-act-activity-published = a publié une activité
audit-act-activity-returned = a renvoyé une activité avec un motif
audit-act-activity-resubmitted = a soumis de nouveau une activité
audit-act-activity-cancelled = a annulé une activité
audit-act-activity-completed = a indiqué qu’une activité est terminée
audit-act-activity-attendance = a consigné la participation
audit-act-activity-feedback = a donné son avis sur une activité
audit-act-activity-report = a rédigé un rapport après action
audit-act-seat-request-submitted = a demandé des places
audit-act-seat-request-declined = a refusé les places proposées
audit-act-seat-request-confirmed = a confirmé les places proposées
audit-act-seat-request-released = a libéré des places non confirmées à temps
audit-act-seat-request-withdrawn = a retiré une demande de places
audit-act-allocation-drafted = a calculé une répartition des places
audit-act-allocation-published = a publié une répartition des places
audit-act-allocation-reissued = a publié de nouveau une répartition des places
audit-act-programme-opened = a ouvert un programme de partenariat
audit-act-programme-edited = a modifié un programme de partenariat
audit-act-programme-commented = a commenté un programme de partenariat
audit-act-programme-change-proposed = a proposé une modification d’un programme de partenariat
audit-act-programme-agreed = a consigné l’accord sur un programme de partenariat
audit-act-programme-assessed = a évalué un programme de partenariat
audit-act-report-filed = a déposé un signalement de défi de sécurité
audit-act-report-under-review = a mis un signalement à l’examen
audit-act-report-verified = a vérifié un signalement
audit-act-report-not-verified = n’a pas pu vérifier un signalement
audit-act-report-duplicate = a marqué un signalement comme doublon
audit-act-report-dismissed = a écarté un signalement
audit-act-alerts-detected = a lancé la détection
audit-act-alert-acknowledged = a pris en compte une alerte
audit-act-alert-escalated = a porté une alerte en consultations
audit-act-alert-dismissed = a écarté une alerte
audit-act-events-import-started = a lancé une importation d’événements
audit-act-events-imported = a importé des événements
audit-act-registry-nation-create = a ajouté une nation
audit-act-registry-nation-update = a modifié une nation
audit-act-registry-membership-create = a enregistré une appartenance
audit-act-registry-membership-update = a modifié une appartenance
audit-act-registry-membership-delete = a supprimé une appartenance
audit-act-registry-size-update = a mis à jour la taille d’une nation
audit-act-registry-format-create = a ajouté un format
audit-act-registry-format-update = a modifié un format
audit-act-registry-grouping-create = a ajouté un regroupement régional
audit-act-registry-grouping-update = a modifié un regroupement régional
audit-act-contact-create = a ajouté un point de contact
audit-act-registry-membership-joined = a enregistré l’adhésion d’une nation à un cadre
audit-act-registry-membership-suspended = a enregistré la suspension d’un partenariat
audit-act-registry-membership-left = a enregistré le départ d’une nation d’un cadre
audit-act-contact-update = a modifié un point de contact
audit-act-contact-delete = a supprimé un point de contact
audit-act-account-create = a créé un compte
audit-act-account-email = a défini une adresse électronique
audit-act-account-password = a changé un mot de passe
audit-act-account-role = a changé un rôle
audit-act-account-disable = a désactivé un compte
audit-act-account-enable = a réactivé un compte
audit-act-account-time-zone = a choisi un fuseau horaire
audit-act-account-totp-enrol = a commencé l’activation de la connexion en deux étapes
audit-act-account-totp-enable = a activé la connexion en deux étapes
audit-act-account-totp-disable = a désactivé la connexion en deux étapes
audit-act-account-recovery-code-used = s’est connecté avec un code de secours
audit-act-auth-login = s’est connecté
audit-act-auth-logout = s’est déconnecté
audit-act-auth-login-failed = a échoué à se connecter
audit-act-token-create = a créé un jeton d’API
audit-act-token-revoke = a révoqué un jeton d’API
audit-act-calendar-create = a créé un flux d’agenda
audit-act-calendar-replace = a remplacé un flux d’agenda
audit-act-calendar-revoke = a révoqué un flux d’agenda
audit-act-notify-send = a envoyé des avis
audit-act-notify-read = a lu un avis
audit-act-notify-read-all = a lu tous les avis
audit-act-audit-checkpoint = a signé un point de contrôle de l’audit
audit-act-marking-create = a créé un marquage
audit-obj-meeting = réunion { $id }
audit-obj-agenda-item = point { $id } de l’ordre du jour
audit-obj-paper = document { $id }
audit-obj-summary-record = compte rendu de la réunion { $id }
audit-obj-decision = décision { $id }
audit-obj-action = action { $id }
audit-obj-poll = sondage { $id }
audit-obj-consultation-request = demande de consultations { $id }
audit-obj-activity = activité { $id }
audit-obj-seat-request = demande de places { $id }
audit-obj-allocation-run = répartition des places { $id }
audit-obj-programme = programme de partenariat : { $id }
audit-obj-security-report = signalement { $id }
audit-obj-alert = alerte { $id }
audit-obj-event-import = importation d’événements { $id }
audit-obj-detection = détection { $id }
audit-obj-nation = { $id }
audit-obj-membership = appartenance { $id }
audit-obj-grouping = regroupement { $id }
audit-obj-format = format { $id }
audit-obj-contact = point de contact { $id }
audit-obj-account = compte { $id }
audit-obj-notification = avis { $id }
audit-obj-audit = journal d’audit { $id }
audit-obj-api-token = jeton d’API { $id }
audit-obj-calendar-feed = flux d’agenda { $id }
audit-obj-session = session { $id }
# registry editing
reg-edit-forbidden = Seul le personnel de l’Alliance habilité à écrire peut modifier le registre.
reg-edit-link = Modifier cette fiche
reg-edit-title = Modifier la fiche
reg-new-title = Ajouter une nation ou une organisation
reg-new-lead = Une nation ou une organisation entre au registre avec sa première période dans un cadre. Les changements suivants s’enregistrent sur sa page.
reg-new-submit = Ajouter au registre
reg-refused = Rien n’a été enregistré. Veuillez corriger :
reg-code-hint = ISO 3166-1 alpha-3 pour un État (par exemple AND) ; un sigle pour une organisation (par exemple ASEAN).
reg-framework-hint = Le cadre décide de ce qu’elle est : un Allié, un État partenaire ou une organisation partenaire.
reg-date-hint = Aussi précise que connue : une année (2024), un mois (2024-05) ou un jour (2024-05-14).
reg-membership-heading = Appartenance
reg-membership-submit = Enregistrer le changement
reg-no-periods = Aucune période enregistrée.
reg-col-until = Jusqu’à
reg-open-period = en cours
reg-contact-save = Enregistrer le contact
reg-contact-remove = Retirer le contact
reg-contact-new = Ajouter un point de contact
reg-contact-add = Ajouter le contact
reg-field-code = Code
reg-field-name = Nom
reg-field-name-fr = Nom en français
reg-field-region = Région
reg-field-framework = Cadre
reg-field-joined = Entrée le
reg-field-note = Note
reg-field-event = Changement
reg-field-date = Date
reg-field-role = Fonction
reg-field-email = Courriel
reg-field-phone = Téléphone
reg-field-audience = Diffusé à
reg-field-nation = Nation
reg-problem-empty = Ce champ est obligatoire.
reg-problem-code = « { $value } » n’est pas un code : 2 à 8 lettres majuscules ou chiffres, commençant par une lettre.
reg-problem-choice = « { $value } » ne fait pas partie des choix proposés.
reg-problem-framework = « { $value } » n’est pas un cadre (connus : { $known }).
reg-problem-date = « { $value } » n’est pas une date : écrivez une année (2024), un mois (2024-05) ou un jour (2024-05-14).
reg-problem-kind = Cette nation ne peut pas participer à { $framework }.
reg-problem-iso3 = « { $code } » n’est pas un code ISO 3166-1 alpha-3, qu’un État doit avoir (une organisation entre dans le cadre des organisations).
reg-problem-not-after = { $date } n’est pas postérieur au début de la période ({ $joined }).
reg-problem-name = Le nom diffère de celui enregistré (« { $first } »).
reg-problem-region = La région diffère de celle enregistrée (« { $first } »).
reg-problem-is-organisation = { $nation } est enregistrée comme organisation ; ce cadre est celui des États.
reg-problem-is-state = { $nation } est enregistré comme État ; ce cadre est celui des organisations.
reg-problem-duplicate = { $nation } a déjà une période dans { $framework } à partir de { $joined }.
reg-problem-overlap = Cette période de { $nation } dans { $framework } chevauche celle enregistrée à partir de { $other }.
reg-problem-exists = { $code } figure déjà au registre.
reg-problem-no-open-period = { $nation } n’a pas de période en cours dans { $framework } à clore.
reg-problem-too-long = { $len } caractères ; { $max } au plus sont admis.
reg-problem-control = Le caractère n° { $at } ({ $char }) n’est pas admis dans ce champ.
reg-problem-email = « { $value } » n’est pas une adresse électronique.
reg-problem-phone = « { $value } » n’est pas un numéro de téléphone (chiffres, espaces et + - ( ) . seulement).

## Libellés des champs, des types d'éléments et des listes de codes dans les phrases d'erreur
field-answers = Réponses
field-at = Heure
field-closes_at = Clôture
field-comment = Commentaire
field-deadline = Échéance
field-description = Description
field-due = Échéance
field-end = Fin
field-file = Fichier
field-from = De
field-history = Historique
field-id = Point
field-meeting = Réunion
field-note = Note
field-options = Options
field-order = Ordre
field-owner = Responsable
field-position = Position
field-positions = Positions
field-reason = Motif
field-record = Compte rendu
field-start = Début
field-text = Texte
field-threat = Menace
field-time_zone = Fuseau horaire
field-title = Titre
field-venue = Lieu
field-version = Version
field-votes = Votes
entity-meeting = réunion
entity-agenda_item = point de l'ordre du jour
entity-summary_record = compte rendu
entity-decision = décision
entity-action = action
entity-consultation_request = demande de consultation
entity-poll = sondage
entity-activity = activité
entity-after-action_report = rapport d'après-action
entity-alert = alerte
entity-registry = registre
entity-report = signalement
entity-paper = document
entity-programme = programme
codes-nations = nations
codes-frameworks = cadres
eval-q5-formats-title = Formats nommés par forme, par année
eval-q5-formats-definition = D'après les formats du registre et leurs dates de validité : chaque année, les formats nommés en vigueur au 31 décembre (aujourd'hui pour l'année en cours) par forme — tous les Alliés, les Alliés avec des partenaires nommés, un cadre entier, ou plusieurs cadres (plusieurs cadres, ou des partenaires nommés à côté d'un cadre). Les réunions tenues dans chaque forme sont celles de la question 1.
eval-q5-formats-sentence = En { $year }, { $across } des { $formats } formats nommés en vigueur réunissaient plusieurs cadres. Un format dit qui peut siéger, non combien de fois il s'est réuni : voir les réunions par format à la question 1.
eval-col-kind = Forme
eval-col-formats = Formats nommés

# Alert subscriptions and the alert feed
subscription-link = Votre abonnement aux alertes
subscription-title = Abonnement aux alertes
subscription-lead = Choisissez les nouvelles alertes dont vous êtes averti, et comment. Vous n'êtes averti que des alertes que vous pouvez ouvrir : une alerte qui compte un rapport que vous ne pouvez pas voir ne vous parvient jamais.
subscription-places = Lieux
subscription-places-hint = Les alertes dans l'un des pays et regroupements régionaux nommés. N'en nommez aucun pour suivre tous les lieux.
subscription-countries = Pays (codes ISO 3166 alpha-3)
subscription-countries-hint = Codes séparés par des espaces ou des virgules, par exemple MLI NER BFA.
subscription-countries-now = Actuellement :
subscription-regions = Regroupements régionaux
subscription-categories = Catégories de défis
subscription-categories-hint = N'en cochez aucune pour suivre toutes les catégories.
subscription-delivery = Comment vous êtes averti d'une nouvelle alerte
subscription-delivery-off = Pas d'avis (l'abonnement choisit seulement ce que porte votre flux)
subscription-delivery-inbox = Dans ma boîte de réception
subscription-delivery-inbox_and_email = Dans ma boîte de réception et par courriel
subscription-no-email = Votre compte n'a pas d'adresse électronique : les avis n'arrivent que dans votre boîte de réception.
subscription-save = Enregistrer l'abonnement
subscription-saved = Abonnement enregistré.
alert-feed-title-section = Votre flux d'alertes
alert-feed-intro = L'adresse secrète d'un flux Atom des alertes que choisit votre abonnement, chacune sous forme d'alerte OASIS CAP 1.2, pour un système d'alerte ou un lecteur de flux qui ne peut pas se connecter. Qui a l'adresse lit ce que vous pouvez lire : gardez-la pour vous et remplacez-la si elle a fuité.
alert-feed-on = Votre flux est actif.
alert-feed-off = Vous n'avez pas de flux d'alertes.
alert-feed-last-used = Il a été lu pour la dernière fois le { $date }.
alert-feed-create = Créer une adresse de flux
alert-feed-replace = Créer une nouvelle adresse (l'ancienne cesse de fonctionner)
alert-feed-revoke = Désactiver le flux
alert-feed-turned-off = Votre flux d'alertes est désactivé : son adresse ne répond plus.
alert-feed-api = Avec un jeton d'API, le même flux est à /api/v1/alerts/feed.
alert-feed-created-title = L'adresse de votre flux d'alertes
alert-feed-created-intro = Donnez cette adresse à votre système d'alerte ou à votre lecteur de flux. Il porte les alertes que choisit votre abonnement et que vous pouvez ouvrir.
alert-feed-title = Alertes Entente · { $owner }
alert-feed-author = Alerte précoce Entente
notice-alert-detectors = { $count ->
    [one] Un détecteur l'a signalée cette semaine.
   *[other] { $count } détecteurs l'ont signalée cette semaine.
}
notice-alert-raised = Nouvelle alerte : { $headline }
entity-alert_subscription = abonnement aux alertes
field-countries = Pays
field-regions = Regroupements régionaux
field-categories = Catégories
field-delivery = Mode de remise
