# Les phrases d'erreur de la coopération pratique (activités, places, allocations, programmes,
# suivi après l'activité), en français. Leur texte anglais est dans le code (`said!`).

## Activités

err-coop-what-activity = l'activité
err-coop-use-letters-digits = n'utilisez que des lettres, des chiffres, « - » et « . »
err-coop-not-area = « { $area } » n'est pas un domaine de coopération
err-coop-activity-ends-before-starts = l'activité se termine avant de commencer
err-coop-nomination-deadline-after-first = la date limite des candidatures est postérieure au premier jour
err-coop-from-1-to = doit aller de 1 à { $max }
err-coop-must-1-number-seats = doit aller de 1 au nombre de places
err-coop-name-least-one-working = indiquez au moins une langue de travail
err-coop-not-framework = « { $framework } » n'est pas un cadre de partenariat
err-coop-at-most = au plus { $max }
err-coop-analysts-propose-activities = les analystes ne proposent pas d'activités
err-coop-activities-proposed-allies-partner = les activités sont proposées par les Alliés, les institutions partenaires et le personnel de l'Alliance
err-coop-activity-cannot-own-prerequisite = une activité ne peut pas être son propre prérequis
err-coop-name-institution-runs-activity = indiquez l'institution qui organise l'activité
err-coop-activity-s-history-starts = l'historique d'une activité commence par sa proposition
err-coop-entries-go-back-time = les entrées remontent dans le temps
err-coop-change-dated-before-activity = la modification est datée d'avant la dernière modification de l'activité ; recommencez
err-coop-alliance-staff-approve-activities = seul le personnel de l'Alliance approuve les activités
err-coop-deadline-passed-return = la date limite des candidatures ({ $deadline }) est passée ; renvoyez la proposition pour que ses dates soient modifiées
err-coop-alliance-staff-return-proposals = seul le personnel de l'Alliance renvoie les propositions
err-coop-proposer-resubmits-returned-proposal = seul l'auteur de la proposition soumet à nouveau une proposition renvoyée
err-coop-alliance-staff-cancel-activities = le personnel de l'Alliance annule les activités ; l'auteur d'une proposition ne retire que sa proposition non publiée
err-coop-alliance-staff-provider-mark = le personnel de l'Alliance ou l'organisateur marque une activité comme achevée
err-coop-completed-after-end = l'activité se termine le { $end } ; elle est achevée après
err-coop-area = domaine : « { $value } » n'est pas un domaine de coopération
err-coop-kind = type : « { $value } » n'est ni course, ni exercise, ni workshop, ni conference, ni seminar, ni expert_visit
err-coop-status = statut : « { $value } » n'est ni proposed, ni returned, ni published, ni cancelled, ni completed
err-coop-open-to-me = open_to_me : « { $value } » n'est ni 1 ni 0
err-coop-open-to-me-staff = open_to_me : les comptes du personnel n'ont pas de nation
err-coop-prerequisite-not-on-menu = prérequis : l'activité n° { $id } ne figure pas au catalogue
err-coop-prerequisite-number = prérequis : « { $value } » n'est pas un numéro d'activité
err-coop-step = étape : « { $value } » n'est ni approve, ni return, ni cancel, ni complete

## Places et allocations

err-coop-not-eligible = non admissible : { $why }
err-coop-eligible-framework = le { $on }, votre nation ne relève d'aucun des cadres auxquels l'activité est ouverte
err-coop-eligible-prerequisite = aucun des participants de votre nation n'a achevé une activité prérequise
err-coop-seats-requested-nation-s = les places sont demandées par la délégation d'une nation
err-coop-analysts-request-seats = les analystes ne demandent pas de places
err-coop-nominations-closed = les candidatures à cette activité sont closes (date limite { $deadline }, statut { $status })
err-coop-seats-cap = doit aller de 1 à { $max } (le plus qu'une nation puisse recevoir)
err-coop-priority = doit aller de 1 (la plus souhaitée) à { $max }
err-coop-nominee-twice = « { $name } » figure deux fois
err-coop-not-own-goal = n° { $goal } n'est pas un objectif du programme de votre nation
err-coop-goal-value = objectif : « { $value } » n'est pas un objectif du programme de votre nation
err-coop-requesting-nation-withdraws-request = seule la nation requérante retire sa demande
err-coop-what-seat-request = la demande de places
err-coop-nominations-closed-on = les candidatures ont été closes le { $deadline } ; demandez au personnel de libérer les places
err-coop-requesting-nation-s-delegation = seule la délégation de la nation requérante répond pour ses places
err-coop-request-was-withdrawn = la demande a été retirée
err-coop-published-allocation-gives-request = l'allocation publiée n'accorde aucune place à cette demande
err-coop-answer-before-start = l'activité a commencé le { $start } : on répond pour les places avant qu'elle commence
err-coop-already-confirmed = votre nation a déjà confirmé ces places le { $on }
err-coop-seats-granted = doit aller de 1 à { $max } (les places que détient votre nation)
err-coop-decline-seats-missing = places : le nombre de places à rendre manque
err-coop-answer = réponse : « { $value } » n'est ni confirm ni decline
err-coop-not-allocated = aucune allocation publiée ne contient encore cette demande : on répond pour les places une fois l'allocation publiée
err-coop-what-allocation = l'allocation
err-coop-alliance-staff-run-allocation = seul le personnel de l'Alliance lance l'allocation
err-coop-activity-allocate = aucune activité à allouer
err-coop-alliance-staff-publish-allocation = seul le personnel de l'Alliance publie une allocation
err-coop-alliance-staff-discard-allocation = seul le personnel de l'Alliance écarte une allocation
err-coop-request-allocation = la demande ne figure pas dans cette allocation
err-coop-nation-holding-seats-gives = seule la nation qui détient les places les rend
err-coop-nothing-to-allocate = aucune activité publiée ne correspond à la sélection
err-coop-allocation-step = étape : « { $value } » n'est ni publish ni discard

## Après l'activité

err-coop-not-held = l'activité est « { $status } », elle ne s'est pas tenue
err-coop-attendance-from-start = l'activité commence le { $start } ; la présence s'enregistre à partir de ce jour
err-coop-after-end = l'activité se termine le { $end } ; ceci vient après
err-coop-provider-alliance-staff-record = l'organisateur ou le personnel de l'Alliance enregistre la présence
err-coop-no-seat = { $name } ({ $nation }) n'a pas de place dans cette activité
err-coop-listed-twice = { $name } figure deux fois
err-coop-complete-without-attending = { $name } ne peut pas achever sans avoir été présent
err-coop-record-least-one-participant = enregistrez au moins un participant
err-coop-rating = « { $value } » n'est pas une note de 1 à 5
err-coop-delegations-whose-participants-attended = les délégations dont les participants ont été présents donnent leur avis
err-coop-provider-alliance-staff-write = l'organisateur ou le personnel de l'Alliance rédige le rapport après action
err-coop-write-report = rédigez le rapport

## Programmes

err-coop-what-programme = le programme
err-coop-programme-opened-partner-s = un programme est ouvert par la délégation du partenaire
err-coop-analysts-open-programmes = les analystes n'ouvrent pas de programmes
err-coop-partners-have-individually-tailored = seuls les partenaires ont un programme de partenariat individuel
err-coop-partner-s-delegation-edits = seule la délégation du partenaire modifie son programme
err-coop-nothing-changed = rien n'a changé
err-coop-key-not-in-programme = n° { $key } ne fait pas partie de ce programme
err-coop-key-twice = n° { $key } figure deux fois
err-coop-add-one-new-objective = ajoutez un nouvel objectif à la fois
err-coop-objective-not-in-plan = son objectif n° { $key } ne figure pas au plan
err-coop-target-date = { $date } n'est pas une date cible plausible
err-coop-at-most-per-goal = au plus { $max } par objectif
err-coop-activity-not-on-menu = l'activité n° { $id } ne figure pas au catalogue
err-coop-year = { $year } n'est pas une année plausible
err-coop-activity-planned-twice = l'activité n° { $id } est prévue deux fois en { $year }
err-coop-staff-partner-s-delegation = le personnel et la délégation du partenaire commentent un programme
err-coop-changes-proposed-staff-partner = les modifications sont proposées par le personnel ; le partenaire modifie le plan
err-coop-not-goal = n° { $goal } n'est pas un objectif de ce programme
err-coop-staff-administrator-records-agreement = un administrateur du personnel enregistre l'accord
err-coop-programme-without-partnership-goals = un programme sans objectif de partenariat ne peut pas être approuvé
err-coop-objective-without-goal = l'objectif n° { $key } n'a pas d'objectif de partenariat ; ajoutez-en un ou retirez l'objectif
err-coop-partner-staff-assess-programme = le partenaire et le personnel évaluent un programme
err-coop-agreed-programme-assessed = seul un programme approuvé est évalué
err-coop-not-agreed-goal = n° { $goal } n'est pas un objectif du programme approuvé
err-coop-cycle-year = doit être une année de { $first } à { $last }
err-coop-rating-value = note : « { $value } » n'est ni not_started, ni in_progress, ni largely_met, ni met
err-coop-objective-has-goals = l'objectif n° { $key } a encore des objectifs de partenariat ; déplacez-les ou retirez-les d'abord
err-coop-plan-op = op : « { $value } » n'est pas une modification du plan
err-coop-seats-released = les places de votre nation ont été libérées le { $on }, faute d'avoir été confirmées au plus tard le { $by }
err-coop-confirm-by-passed = les places devaient être confirmées ou rendues au plus tard le { $by } : cette date est passée
err-coop-release-not-due = ces places ne sont pas à libérer : une réponse a été donnée, ou leur date n'est pas passée
err-coop-confirm-by-before-publication = le { $date } précède le jour de la publication ({ $today })
err-coop-code-used = { $field } : « { $code } » est déjà le code d'une autre activité
err-coop-code-twice = { $field } : « { $code } » est donné deux fois
err-coop-requested-already = votre nation a déjà demandé des places dans cette activité ; retirez cette demande pour en déposer une autre
err-coop-requested-already-bulk = activité n° { $activity } : { $nation } a déjà demandé des places ; retirez cette demande pour en déposer une autre
err-coop-requests-twice = activité n° { $activity } : { $nation } demande des places deux fois
err-programme-exists = ce partenaire a déjà un programme
