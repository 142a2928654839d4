# Alerte précoce (entente-warning) : noms des catégories, des détecteurs et des couches, textes des
# alertes, champs CAP.

## Les dix catégories de défis de sécurité (les codes des fichiers et de l'API restent en anglais).

warning-category-terrorism = terrorisme
warning-category-wmd = prolifération ou emploi d'ADM
warning-category-arms_trafficking = trafic d'armes
warning-category-narcotics_trafficking = trafic de stupéfiants
warning-category-human_trafficking = traite des êtres humains
warning-category-cyber = cyber
warning-category-armed_conflict = conflit armé
warning-category-violence_against_civilians = violence contre les civils
warning-category-unrest = troubles (émeutes et manifestations)
warning-category-inter_communal_violence = violence intercommunautaire

## Détecteurs

warning-detector-ears_c1 = EARS C1
warning-detector-ears_c2 = EARS C2
warning-detector-ears_c3 = EARS C3
warning-detector-poisson_cusum = Poisson CUSUM
warning-detector-nb_glr = GLR binomial négatif
warning-detector-acled_surge = ratio de poussée
warning-detector-acled_threat = ratio de menace

## Ce qui a été compté

warning-layer-curated = incidents vérifiés
warning-layer-media = événements codés depuis la presse

## Le « pourquoi » d'une alerte. Les nombres arrivent formatés (virgule décimale) ; le moteur met
## la première lettre de la phrase en majuscule.

warning-week = semaine { $week }
warning-alert = Alerte { $detector } : { $category } – { $place }, { $week }. { $observed } { $layer } observés pour { $expected } attendus ; le score { $score } dépasse le seuil { $threshold }.
warning-alert-fatalities = { $fatalities } morts ont été signalés cette semaine-là.
warning-alert-main-events = Principaux événements :
warning-event-killed = { $killed } tués
warning-event-also-reported = également signalé par { $sources }

## Champs texte OASIS CAP 1.2

cap-language = fr-FR
cap-event = Hausse : { $category }
# Not translated yet: the French CAP documents have always carried these two texts in English.
cap-restriction = Releasable under the alliance's markings for early-warning products
cap-sender-name = Entente early warning
