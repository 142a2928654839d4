# Les phrases d'erreur communes aux formulaires et aux listes (nombres, pages, langues, formats),
# en français. Leur texte anglais est dans le code (`said!`).

err-not-number = { $field } : « { $value } » n'est pas un nombre entier
err-language = langue : « { $value } » n'est ni en ni fr
err-languages = langues : « { $value } » n'est ni en ni fr
err-format-json-csv = format : « { $value } » n'est ni json ni csv
err-frameworks-code = cadres : « { $value } » n'est pas un code de cadre
err-version-value = version : « { $value } » n'est pas une version

## Listes, pages et recherche

err-cursor = cursor : ce n'est pas un curseur délivré par cette API
err-cursor-again = cursor : ce n'est pas un curseur délivré par cette API ; recommencez sans lui
err-limit = limit : « { $value } » n'est pas un nombre de 1 à { $max }
err-search-no-words = q : indiquez les mots à rechercher
err-search-query-long = q : le texte recherché est trop long : au plus { $chars } caractères et { $words } mots
err-nation-value = nation : { $why }
err-size-band = size_band : « { $value } » n'est ni small, ni medium, ni large
err-lang-value = lang : « { $value } » n'est ni en ni fr

## Évaluation

err-eval-no-figures = { $question } n'a pas encore de chiffres calculés
err-eval-year-outside = { $field } : { $year } est hors de la période couverte ({ $first }–{ $last })
err-eval-from-after-to = from : { $from } est postérieur à to ({ $to })
err-eval-figure = figure : « { $value } » n'est pas un chiffre de cette question
err-eval-size = size : « { $value } » n'est ni population ni gdp
err-eval-nothing-to-report = rien à présenter
err-format-csv-json = format : « { $value } » n'est ni csv ni json
err-email-bad = l'adresse électronique « { $value } » { $why }
err-email-no-at = n'a pas de « @ »
err-email-form = n'a pas la forme nom@exemple.org
err-email-chars = contient une espace ou l'un des caractères < > , ;
err-username-bad = « { $value } » n'est pas un nom d'utilisateur : employez de 3 à 64 lettres minuscules, chiffres, « . », « _ » ou « - »
err-username-taken = le nom d'utilisateur « { $value } » est déjà pris
err-display-name = le nom affiché { $why }
err-store-token-name = le nom du jeton { $why }
