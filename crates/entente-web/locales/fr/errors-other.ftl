# Les phrases d'erreur communes aux formulaires et aux listes (nombres, pages, langues, formats),
# en français. Leur texte anglais est dans le code (`said!`).

err-not-number = { $field } : « { $value } » n'est pas un nombre entier
err-language = langue : « { $value } » n'est ni en ni fr
err-languages = langues : « { $value } » n'est ni en ni fr
err-format-json-csv = format : « { $value } » n'est ni json ni csv
err-frameworks-code = cadres : « { $value } » n'est pas un code de cadre
err-version-value = version : « { $value } » n'est pas une version
