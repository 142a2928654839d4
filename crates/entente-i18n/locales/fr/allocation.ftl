# Attribution des places (entente-allocation) : explication de chaque demande, titres du rapport.
# Les nombres sont des nombres : `[1]` (ou `[0]`) choisit le singulier, comme le moteur l'a toujours fait.

## Explication d'une demande : l'en-tête, puis un motif.

alloc-head = { $nation } — { $activity } (priorité { $priority }) : { $granted } { $granted ->
        [0] place
        [1] place
       *[other] places
    } sur { $requested }.
alloc-granted = Demande satisfaite en totalité.
alloc-not-eligible = Non éligible : au { $on }, l'activité est ouverte à { $open } et la nation participe à { $frameworks }.
alloc-open-to-all = toute nation participante
alloc-no-framework = aucun cadre
alloc-prerequisite-missing = Aucun candidat ne remplit le prérequis { $prerequisite }.
alloc-activity-nation-cap = L'activité accorde au plus { $cap } { $cap ->
        [1] place
       *[other] places
    } par nation ; vous les avez toutes reçues.
alloc-nominees-short = Seuls { $placed } candidats sur { $listed } pouvaient occuper une place ; les autres places sont retournées au pot commun.
alloc-nominee-note = { $nominee } : { $issue }.
alloc-issue-overlap = déjà placé(e) dans { $activity }, dont les dates se chevauchent
alloc-issue-prerequisite = n'a pas suivi le prérequis { $missing }
alloc-nation-cap = Votre nation a atteint son plafond global de { $cap } { $cap ->
        [1] place
       *[other] places
    }.
alloc-filled-earlier = { $capacity ->
        [0] Premier arrivé, premier servi : elle n'a aucune place à attribuer.
        [1] Premier arrivé, premier servi : sa seule place a été prise par la demande arrivée au rang { $filled_at } dans l'ordre d'arrivée ; la vôtre est arrivée au rang { $position }.
       *[other] Premier arrivé, premier servi : ses { $capacity } places ont toutes été prises par les demandes arrivées jusqu'au rang { $filled_at } dans l'ordre d'arrivée ; la vôtre est arrivée au rang { $position }.
    }
alloc-filled-in-draft = { $capacity ->
        [0] Tirage en serpentin : elle n'a aucune place à attribuer.
        [1] Tirage en serpentin : sa seule place a été choisie au tour { $round }, avant votre tour.
       *[other] Tirage en serpentin : la dernière de ses { $capacity } places a été choisie au tour { $round }, avant votre tour.
    }
alloc-wasted = Inexpliqué : { $free_seats } place(s) restée(s) libre(s) alors que vous étiez sous vos plafonds.

## Activité disputée (mécanismes de flot), lue dans le certificat d'optimalité.

alloc-contest = Activité demandée { $ratio } fois sa capacité ({ $capacity } { $capacity ->
        [1] place
       *[other] places
    }, { $demand } demandées).
alloc-contest-utilitarian = La règle utilitariste attribue les places aux plus hautes priorités, quoi que chaque nation détienne déjà.
alloc-contest-all-yours = Vous en détenez toutes les places.
alloc-contest-weighted = Au regard de leurs droits, aucune des { $holders } { $holders ->
        [1] nation
       *[other] nations
    } qui en détiennent les places n'en a plus que vous avec une place de plus ; vous en attribuer une ne peut pas réduire l'inégalité.
alloc-contest-fair = { $holders ->
        [1] La seule autre nation qui en détient des places a
       *[other] Chacune des { $holders } nations qui en détiennent les places a
    } au plus une place de plus que vous au total (vous en avez { $your_total }, le maximum est { $max_holder_total }){ $one_more ->
        [0] {""}
        [1] {" "}; celle qui en a une de plus l'a classée au moins aussi haut
       *[other] {" "}; les { $one_more } qui en ont une de plus l'ont classée au moins aussi haut
    } : vous attribuer une place ne peut pas réduire l'inégalité.

## Ligne de commande

alloc-explanations = Explications
