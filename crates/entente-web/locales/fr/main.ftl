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
inbox-new = Nouveau
inbox-empty = Rien pour l'instant. Les réunions auxquelles vous siégez, vos demandes et vos actions seront annoncées ici.
inbox-open = Ouvrir
inbox-mark-read = Marquer comme lue
inbox-mark-all-read = Tout marquer comme lu
inbox-read-on = lue le
calendar-heading = Flux d'agenda
calendar-intro = Une adresse privée pour votre application d'agenda, avec les réunions que vous pouvez voir. Une nouvelle adresse remplace la précédente ; quiconque la connaît peut lire vos réunions : gardez-la pour vous.
calendar-create = Créer une nouvelle adresse d'agenda
calendar-revoke = Désactiver le flux d'agenda
calendar-created-title = Adresse d'agenda
calendar-created-intro = Abonnez-vous à cette adresse dans votre application d'agenda. Toute adresse antérieure ne fonctionne plus.

