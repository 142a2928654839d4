# Les phrases d'erreur en français. Leur texte anglais est écrit dans le code, à l'endroit de la
# règle (`said!("clé", "texte anglais", …)`) ; le test `every_sentence_has_its_french` vérifie que
# chaque clé a ici sa traduction, avec les mêmes variables.

## Cadre général

err-not-found = Rien ici : l'adresse est erronée, ou l'élément ne vous est pas accessible.
err-sign-in = Connectez-vous d'abord : envoyez un cookie de session, ou un jeton d'API sous la forme « Authorization: Bearer ent_… ».
err-internal = Une erreur s'est produite de notre côté ; elle a été consignée.
err-stale = Quelqu'un d'autre a modifié cet élément ({ $entity }) depuis que vous l'avez ouvert ; rechargez-le et recommencez.
err-field = { $field } : { $reason }
err-not-permitted = non autorisé : { $why }
err-illegal-transition = { $what } ne peut pas passer de « { $from } » à « { $to } »
err-what-action = une action
err-what-agenda-item = un point de l'ordre du jour
err-what-meeting = une réunion
err-what-request = une demande
err-history-order = la modification est datée du { $at }, mais l'historique contient déjà une entrée au { $last } ; les entrées s'ajoutent dans l'ordre du temps
err-cross-site = requête intersite refusée
err-form-large = le formulaire est trop volumineux
err-form-expired = le formulaire a expiré ou ne vient pas de ce site ; rechargez la page et recommencez
err-not-a-code = « { $code } » n'est pas un code
err-as-of = as_of : « { $value } » n'est pas une date (AAAA-MM-JJ)
err-not-date = { $field } : « { $value } » n'est pas une date (AAAA-MM-JJ)
err-not-date-time = { $field } : « { $value } » n'est pas une date et une heure (AAAA-MM-JJTHH:MM, { $zone })

## Textes

err-text-empty = est vide
err-text-too-long = compte { $len } caractères ; { $max } au plus sont admis
err-text-line-break = contient un saut de ligne au caractère { $at }, que ce champ n'accepte pas
err-text-tab = contient une tabulation au caractère { $at }, que ce champ n'accepte pas
err-text-control = contient le caractère de contrôle { $code } au caractère { $at }, que ce champ n'accepte pas
err-must-empty = ne doit pas être vide
err-must-future = doit être dans le futur
err-must-after-start = doit suivre le début
err-must-after-circulation = doit suivre la diffusion
err-give-reason = indiquez le motif
err-give-reason-cancelling = indiquez le motif de l'annulation
err-give-reason-rejecting-item = indiquez le motif du rejet du point

## Marquages et formats

err-marking-classification = classification inconnue « { $label } » (configurées : { $known })
err-marking-code = « { $code } » n'est pas un code de nation ni de cadre
err-marking-empty = un public de { $what } désignés nommément demande au moins un code
err-marking-twice = { $code } figure deux fois dans le public
err-codes-long = codes : au plus { $max } caractères de codes de nations ou de cadres
err-audience = public : « { $value } » n'est ni staff, ni allies, ni nations, ni frameworks, ni all_partners, ni public
err-format-empty = un format doit avoir des participants : incluez les Alliés, un cadre ou au moins un partenaire
err-format-alliance = l'Alliance n'est pas un cadre de partenaires : cochez plutôt « inclure les Alliés »
err-format-framework-twice = le cadre { $framework } figure deux fois
err-format-partner-twice = le partenaire { $nation } figure deux fois
err-format-not-in-force = le format « { $name } » n'existe pas le { $on } : { $when }
err-format-existed = il a existé du { $from } au { $to }
err-format-exists-from = il existe depuis le { $from }
err-format-existed-until = il a existé jusqu'au { $to }
err-format-always = il existe de tout temps
err-format-reversed = la fin de validité ({ $to }) précède son début ({ $from })
err-no-format = aucun format « { $name } »

## Réunions

err-alliance-staff-plan-meetings = seul le personnel de l'Alliance planifie les réunions
err-alliance-staff-change-meeting = seul le personnel de l'Alliance change le statut d'une réunion
err-alliance-staff-change-meeting-2 = seul le personnel de l'Alliance modifie une réunion
err-alliance-staff-record-meeting = seul le personnel de l'Alliance enregistre qu'une réunion s'est tenue
err-alliance-staff-convene-meetings = seul le personnel de l'Alliance convoque les réunions
err-meeting-final = une réunion au statut « { $status } » ne peut plus être modifiée
err-meeting-held-once-has = une réunion n'est tenue qu'une fois commencée
err-meeting-lasts-most-14 = une réunion dure au plus 14 jours
err-meeting-longer-upcoming = la réunion n'est plus à venir
err-meeting-has-been-held = la réunion ne s'est pas encore tenue
err-meeting-closes-once-summary = une réunion est close une fois son compte rendu approuvé par procédure d'approbation tacite
err-meeting-s-history-starts = l'historique d'une réunion commence par « planned »
err-meeting-s-format-does = le format de la réunion ne fait pas siéger la nation requérante à sa date
err-meeting-starts-before-request = la réunion commence avant l'accusé de réception de la demande
err-meeting-answers-another-request = cette réunion répond à une autre demande
err-meeting-convened-request = ce n'est pas la réunion convoquée pour cette demande
err-time-skipped = { $time } n'existe pas dans le fuseau { $zone } : on avance les horloges à ce moment-là
err-time-zone = « { $zone } » n'est pas un nom de fuseau horaire IANA tel que Europe/Brussels
err-level = niveau : « { $value } » n'est pas un niveau de réunion
err-status = statut : « { $value } » n'est pas un statut de réunion
err-not-seated = { $nation } ne siège pas à cette réunion

## Ordre du jour

err-agenda-belongs-another-meeting = l'ordre du jour appartient à une autre réunion
err-item-belongs-another-meeting = un point appartient à une autre réunion
err-agenda-closed = l'ordre du jour d'une réunion au statut « { $status } » ne peut plus être modifié
err-agenda-item-absent = le point { $id } ne figure pas à cet ordre du jour
err-agenda-item-exists = le point { $id } existe déjà
err-agenda-item-twice = le point { $id } figure deux fois
err-agenda-item-not-editable = le point est « { $status } » : seuls les points proposés ou inscrits à l'ordre du jour se modifient
err-agenda-item-s-history = l'historique d'un point de l'ordre du jour commence par « proposed »
err-agenda-withdraw-who = seuls le personnel de l'Alliance, ou la nation qui l'a proposé avant toute décision, retirent un point
err-alliance-staff-proposing-nation = seuls le personnel de l'Alliance, ou la nation qui l'a proposé avant toute décision, modifient un point
err-alliance-staff-accept-agenda = seul le personnel de l'Alliance accepte les points de l'ordre du jour
err-alliance-staff-reject-agenda = seul le personnel de l'Alliance rejette les points de l'ordre du jour
err-alliance-staff-order-agenda = seul le personnel de l'Alliance ordonne l'ordre du jour
err-analysts-do-propose-agenda = les analystes ne proposent pas de points à l'ordre du jour
err-nations-seated-meeting-propose = seules les nations qui siègent à la réunion proposent des points à l'ordre du jour
err-meeting-has-started-agenda = la réunion a commencé : ses points ne se modifient plus
err-accepted-items-must-numbered = les points acceptés doivent être numérotés 1, 2, 3 … sans lacune
err-accepted-items-they-have = les points acceptés, et eux seuls, ont un rang
err-name-every-accepted-item = nommez chaque point accepté une fois exactement
err-agenda-decision = décision : « { $value } » n'est ni accept, ni reject, ni withdraw

## Documents et déclarations

err-meeting-s-participants-add = seuls les participants de la réunion ajoutent des documents
err-analysts-have-read-access = les analystes ont un accès en lecture seule
err-papers-final = la réunion est « { $status } » : ses documents sont définitifs
err-author-edits-withdraws-paper = seul son auteur modifie ou retire un document
err-paper-has-been-withdrawn = le document a été retiré
err-meeting-has-started-papers = la réunion a commencé : ses documents ne se modifient plus et ne se retirent plus
err-document-needs-file = un document demande son fichier
err-statement-text-upload-document = une déclaration est un texte ; téléversez un document
err-document-replaced-uploading-another = un document se remplace en en téléversant un autre, il ne se modifie pas
err-file-empty = le fichier est vide
err-file-type = ce n'est pas un document accepté (PDF, Word/Excel/PowerPoint, texte OpenDocument, PNG, JPEG, texte brut ou CSV), ou son contenu ne correspond pas à son nom
err-file-named = { $name } : { $reason }
err-file-large = { $name } : le fichier dépasse { $max } Mo
err-choose-file = choisissez un fichier à téléverser

## Compte rendu et procédure d'approbation tacite

err-alliance-staff-draft-summary = seul le personnel de l'Alliance rédige le compte rendu
err-alliance-staff-circulate-summary = seul le personnel de l'Alliance diffuse le compte rendu
err-summary-record-drafted-once = le compte rendu se rédige une fois la réunion tenue
err-summary-record-goes-under = le compte rendu passe en procédure d'approbation tacite une fois une version diffusée
err-meeting-has-summary-record = cette réunion n'a pas encore de compte rendu
err-record-belongs-another-meeting = le compte rendu appartient à une autre réunion
err-record-next-version = la prochaine version porte le numéro { $number }
err-record-draft-when = une nouvelle version se rédige avant la diffusion ou après la rupture du silence ; le compte rendu est { $state }
err-record-circulate-when = une version se diffuse avant toute autre ou après la rupture du silence ; le compte rendu est { $state }
err-record-latest-circulated = seule la dernière version (numéro { $number }) peut être diffusée
err-record-already-circulated = la version { $number } a déjà été diffusée
err-record-already-agreed = le compte rendu est déjà approuvé
err-record-break-version = le silence se rompt sur la version en circulation (numéro { $current }), non sur la version { $number }
err-record-broken-twice = { $nation } a déjà rompu le silence sur la version { $number }
err-version-circulated-after-drafted = une version se diffuse après avoir été rédigée
err-version-record-circulation = aucune version du compte rendu n'est en circulation
err-silence-procedure-runs-most = une procédure d'approbation tacite dure au plus 60 jours
err-deadline-breaking-silence-has = le délai pour rompre le silence est passé
err-silence-broken-participating-nation = le silence est rompu par une nation participante, non par le personnel
err-analysts-do-break-silence = les analystes ne rompent pas le silence
err-participating-nations-receive-record = seules les nations participantes qui reçoivent le compte rendu rompent le silence

## Décisions, positions et actions

err-alliance-staff-record-decisions = seul le personnel de l'Alliance enregistre les décisions
err-alliance-staff-correct-decisions = seul le personnel de l'Alliance corrige les décisions
err-decision-belongs-another-meeting = la décision appartient à une autre réunion
err-decisions-recorded-meeting-has = les décisions s'enregistrent pour une réunion tenue et non close
err-decisions-corrected-until-meeting = les décisions se corrigent jusqu'à la clôture de la réunion
err-unchanged-correction-changes-text = est inchangé : une correction change le texte
err-staff-partner-itself-record = le personnel, ou le partenaire lui-même, enregistre la position d'un partenaire
err-positions-recorded-until-meeting = les positions s'enregistrent jusqu'à la clôture de la réunion
err-nation-listed-twice = { $nation } figure deux fois
err-position-ally = { $nation } est un Allié : les Alliés décident par consensus
err-position = position : « { $value } » n'est ni supports, ni reserves, ni dissociates, ni no_position
err-nation-code = nation : ce n'est pas un code
err-alliance-staff-assign-actions = seul le personnel de l'Alliance attribue les actions
err-alliance-staff-correct-actions = seul le personnel de l'Alliance corrige les actions
err-alliance-staff-cancel-action = seul le personnel de l'Alliance annule une action
err-owner-nation-alliance-staff = seuls la nation responsable et le personnel de l'Alliance mettent à jour une action
err-action-belongs-another-meeting = l'action appartient à une autre réunion
err-actions-follow-meeting-has = les actions font suite à une réunion tenue
err-action-not-pending = l'action est « { $status } » : seules les actions en cours se corrigent
err-action-s-history-starts = l'historique d'une action commence par « open »
err-due-date-past = l'échéance est passée
err-nothing-changed-correction-changes = rien n'a changé : une correction change le titre, le responsable ou l'échéance
err-owner-code = responsable : « { $value } » n'est pas un code de nation
err-owner-not-code = responsable : ce n'est pas un code de nation
err-action-status = statut : « { $value } » n'est ni open, ni in_progress, ni done, ni cancelled

## Sondages de date

err-alliance-staff-open-scheduling = seul le personnel de l'Alliance ouvre les sondages de date
err-alliance-staff-close-scheduling = seul le personnel de l'Alliance clôt les sondages de date
err-polls-schedule-meetings-still = les sondages servent à fixer des réunions encore à venir
err-poll-options-count = proposez de 2 à { $max } dates et heures
err-poll-option-twice = { $time } est proposé deux fois
err-offer-date-times-future = proposez des dates et heures futures
err-options-numbered-1-2 = les options sont numérotées 1, 2, 3 …
err-poll-two-votes = { $nation } a voté deux fois
err-poll-vote-incomplete = le vote de { $nation } ne répond pas à chaque option
err-poll-belongs-another-meeting = le sondage appartient à une autre réunion
err-nations-vote-staff-run = les nations votent ; le personnel conduit le sondage
err-analysts-do-vote = les analystes ne votent pas
err-nations-seated-meeting-vote = seules les nations qui siègent à la réunion votent
err-poll-closed = le sondage est clos
err-poll-already-closed = le sondage est déjà clos
err-answer-every-option-once = répondez à chaque option une fois
err-vote-answer = { $option } : « { $value } » n'est ni yes, ni if_need_be, ni no

## Demandes de consultation

err-not-eligible = { $nation } ne peut pas demander de consultations au titre de « { $basis } » le { $on } : { $reason }
err-basis-article4 = l'article 4 est invoqué par les Alliés
err-basis-ally = les Alliés demandent des consultations au titre de l'article 4
err-basis-suspended = son partenariat est suspendu
err-basis-paragraph8 = le paragraphe 8 est invoqué par les participants actifs au Partenariat pour la paix
err-basis-other = seuls les partenaires actifs demandent des consultations
err-basis = fondement : « { $value } » n'est ni paragraph8, ni article4, ni other
err-step = étape : « { $value } » n'est ni acknowledge, ni decline, ni close, ni withdraw
err-nation-s-delegation-files = la délégation d'une nation dépose sa propre demande
err-analysts-do-file-requests = les analystes ne déposent pas de demandes
err-alliance-staff-acknowledge-requests = seul le personnel de l'Alliance accuse réception des demandes
err-alliance-staff-decline-requests = seul le personnel de l'Alliance décline les demandes
err-alliance-staff-close-requests = seul le personnel de l'Alliance clôt les demandes
err-alliance-staff-change-request = seul le personnel de l'Alliance change la réunion d'une demande
err-requesting-nation-withdraws-request = seule la nation requérante retire sa demande
err-request-s-history-starts = l'historique d'une demande commence par « submitted »
err-request-has-meeting-meeting = une demande a une réunion à partir de « meeting convened », et seulement alors
err-request-cannot-follow = la demande de consultation ne peut pas suivre : { $why }
err-convene-acknowledged = la demande est « { $state } » : une réunion se convoque pour une demande dont on a accusé réception

## Comptes

err-password-short = le mot de passe doit compter au moins { $min } caractères
err-password-long = le mot de passe doit compter au plus { $max } caractères
err-password-common = ce mot de passe est l'un des plus courants ; choisissez-en un autre
err-password-username = le mot de passe ne doit pas contenir le nom d'utilisateur
err-password-wrong = le mot de passe actuel n'est pas correct
err-password-change-first = ce compte doit d'abord changer son mot de passe (sur la page du compte)
err-token-by-token = un jeton d'API ne crée ni ne révoque de jetons d'API : connectez-vous (page du compte, ou cette API avec un cookie de session) pour les gérer
err-token-expiry = expires_in_days doit aller de 1 à 365
err-token-name = le nom { $reason } (1 à 100 caractères, sur une ligne)
err-role = rôle : « { $value } » n'est ni staff_admin, ni staff_officer, ni delegation_lead, ni delegation_member, ni analyst
err-role-not-yours = vous ne pouvez pas attribuer le rôle « { $role } »
err-role-no-accounts = votre rôle ne gère pas les comptes
err-accounts-own-delegation = vous ne gérez que les comptes de votre propre délégation
err-own-account-disable = vous ne pouvez pas désactiver ou réactiver votre propre compte
err-own-account-role = vous ne pouvez pas changer votre propre rôle
err-nation-not-code = nation : « { $value } » n'est pas un code de nation
err-nation-not-registry = nation : « { $value } » ne figure pas au registre

## Coopération

err-programme-stale = le programme a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert (version { $seen }, maintenant { $now }) ; rechargez-le et refaites votre modification
