# Early warning (entente-warning): category, detector and layer names, alert texts, CAP fields.

## The ten security-challenge categories (codes in files and the API stay English snake_case).

warning-category-terrorism = terrorism
warning-category-wmd = WMD proliferation or use
warning-category-arms_trafficking = arms trafficking
warning-category-narcotics_trafficking = narcotics trafficking
warning-category-human_trafficking = human trafficking
warning-category-cyber = cyber
warning-category-armed_conflict = armed conflict
warning-category-violence_against_civilians = violence against civilians
warning-category-unrest = unrest (riots and protests)
warning-category-inter_communal_violence = inter-communal violence

## Detectors

warning-detector-ears_c1 = EARS C1
warning-detector-ears_c2 = EARS C2
warning-detector-ears_c3 = EARS C3
warning-detector-poisson_cusum = Poisson CUSUM
warning-detector-nb_glr = negative-binomial GLR
warning-detector-acled_surge = surge ratio
warning-detector-acled_threat = threat ratio

## What was counted

warning-layer-curated = curated incidents
warning-layer-media = media-coded events

## The "why" of an alert. Numbers arrive formatted (`$observed`, `$expected`, `$score`,
## `$threshold`, `$fatalities`); the engine capitalises the sentence's first letter.

# `$week`: an ISO week such as 2024-W07.
warning-week = week { $week }
# `$layer`: one of the warning-layer-* messages; `$week`: warning-week.
warning-alert = { $detector } alert: { $category } in { $place }, { $week }. { $observed } { $layer } observed against { $expected } expected; score { $score } exceeds the threshold { $threshold }.
warning-alert-fatalities = { $fatalities } fatalities were reported that week.
warning-alert-main-events = Main events:
warning-event-killed = { $killed } killed
# `$sources`: `source:id` of the other reports, separated by commas.
warning-event-also-reported = also reported by { $sources }

## OASIS CAP 1.2 text fields

# The CAP `language` element (RFC 3066 tag).
cap-language = en-GB
cap-event = Surge in { $category }
cap-restriction = Releasable under the alliance's markings for early-warning products
cap-sender-name = Entente early warning
