# Les phrases d'erreur de la détection conjointe (alertes, signalements, imports d'événements,
# étalonnage), en français. Leur texte anglais est dans le code (`said!`).

## Alertes et signalements

err-warning-what-alert = une alerte
err-warning-what-report = un signalement
err-warning-alliance-staff-acknowledge-alerts = le personnel de l'Alliance prend acte des alertes
err-warning-alliance-staff-dismiss-alerts = le personnel de l'Alliance écarte les alertes
err-warning-alliance-staff-reopen-alerts = le personnel de l'Alliance rouvre les alertes
err-warning-staff-affected-country-s = le personnel et la délégation du pays concerné proposent des consultations sur une alerte
err-warning-analysts-file-reports = les analystes ne déposent pas de signalements
err-warning-alliance-staff-triage-reports = le personnel de l'Alliance trie les signalements
err-warning-category = « { $value } » n'est pas une catégorie de défi
err-warning-country = « { $value } » n'est pas un code ISO 3166 alpha-3
err-warning-future = est dans le futur
err-warning-before-first-day = précède le premier jour
err-warning-bad-value = { $field } : « { $value } » n'est pas { $what }
err-warning-is-iso-3166-alpha = un code ISO 3166 alpha-3
err-warning-is-challenge-category = une catégorie de défi
err-warning-is-open-new-acknowledged = open, new, acknowledged, escalated ou dismissed
err-warning-is-regional-grouping-registry = un regroupement régional du registre
err-warning-is-framework-code = un code de cadre
err-warning-is-framework-registry = un cadre du registre
err-warning-is-acknowledge-dismiss-reopen = acknowledge, dismiss ou reopen
err-warning-is-date-yyyy-mm = une date (AAAA-MM-JJ)
err-warning-is-whole-number = un nombre entier
err-warning-is-new-under-review = new, under_review, verified, not_verified, duplicate ou dismissed
err-warning-is-review-verify-not = review, verify, not_verified, duplicate ou dismiss
err-warning-is-detector = un détecteur
err-warning-is-number = un nombre

## Détection, étalonnage et imports

err-warning-alliance-staff-import-event = le personnel de l'Alliance importe les données d'événements
err-warning-alliance-staff-set-detection = le personnel de l'Alliance fixe les seuils de détection
err-warning-alliance-staff-run-detection = le personnel de l'Alliance lance la détection
err-warning-threshold-range = { $value } est hors de la plage testée a posteriori, de { $low } à { $high }
err-warning-calibration-staff = non autorisé : l'étalonnage est réservé au personnel de l'Alliance
err-warning-imports-staff = non autorisé : les imports d'événements sont réservés au personnel de l'Alliance
err-warning-import-format = format : { $why }
err-warning-import-input = fichier : { $why }
err-warning-choose-file = fichier : choisissez un fichier à importer
err-warning-file-large = fichier : { $name } dépasse les { $max } Mio acceptés ici ; importez-le avec « entente events import » sur le serveur
err-warning-file-empty = fichier : { $name } est vide
err-subscription-unknown-country = « { $code } » n'est pas un code de pays (ISO 3166 alpha-3)
err-subscription-too-many-countries = { $count } pays nommés, { $max } au plus : nommez plutôt un regroupement régional
err-subscription-unknown-region = « { $code } » n'est pas un regroupement régional du registre
err-subscription-too-many-regions = { $count } regroupements régionaux nommés, { $max } au plus
err-subscription-unknown-category = « { $code } » n'est pas une catégorie de défi
err-subscription-delivery = « { $value } » n'est pas un mode de remise : off, inbox ou inbox_and_email
err-warning-attach-who = les documents sont joints à un signalement par la délégation qui l'a déposé et par le personnel de l'Alliance
err-warning-attach-closed = les documents sont joints tant qu'un signalement est ouvert ; celui-ci est { $status }
err-warning-attach-many = un signalement porte au plus { $max } documents
