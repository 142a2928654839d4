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
