# Les phrases d'erreur du registre (nations, cadres, points de contact), en français. Leur texte
# anglais est dans le code (`said!`) ; les champs refusés un à un sont expliqués par les messages
# `reg-problem-…` du catalogue principal.

err-registry-not-permitted = seul le personnel de l'Alliance modifie le registre
err-registry-kind = type : « { $value } » n'est ni member, ni partner_state, ni partner_org
err-registry-status = statut : « { $value } » n'est ni ally, ni partner, ni suspended, ni former, ni not_yet
