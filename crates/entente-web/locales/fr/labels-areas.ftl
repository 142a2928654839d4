# Les libellés des champs que nomment les messages de la coopération, de la détection et du registre.

field-action = Action
field-activities = Activités
field-aim_en = Objet (anglais)
field-aim_fr = Objet (français)
field-area = Domaine
field-category = Catégorie
field-completed = Achevé
field-confirm_by = À confirmer au plus tard le
field-country = Pays
field-cycle = Cycle
field-detector = Détecteur
field-fatalities = Victimes
field-framework = Cadre
field-goal = Objectif
field-goals = Objectifs
field-institution = Institution
field-languages = Langues
field-location = Lieu
field-nation_cap = Places par nation
field-nominees = Candidats
field-objective = Objectif
field-objectives = Objectifs
field-occurred_on = Survenu le
field-organisation = Organisation
field-participant = Participant
field-prerequisites = Prérequis
field-priority = Priorité
field-quality = Qualité
field-relevance = Pertinence
field-report = Rapport
field-seats = Places
field-seed = Graine
field-sources = Sources
field-state = État
field-step = Étape
field-target = Date cible
field-threshold = Seuil
field-title_en = Titre (anglais)
field-title_fr = Titre (français)
field-to = Au
field-until = Jusqu'au
field-year = Année

# Un statut qu'une allocation ne porte pas, nommé comme une étape.
allocation-status-reissued = Réémise
