# Seat allocation (entente-allocation): explanations of every request, and the report's headings.
# Counts are numbers: `[1]` picks the singular for exactly one, as the engine always has.

## Explanation of one request: the head, then one reason.

# Request `$nation`/`$activity`; `$granted` of `$requested` seats.
alloc-head = { $nation } — { $activity } (priority { $priority }): { $granted } of { $requested } { $requested ->
        [1] seat
       *[other] seats
    }.
alloc-granted = Granted in full.
# `$open`: the frameworks, or alloc-open-to-all; `$frameworks`: the nation's, or alloc-no-framework.
alloc-not-eligible = Not eligible: on { $on } the activity is open to { $open } and the nation takes part in { $frameworks }.
alloc-open-to-all = every participating nation
alloc-no-framework = no framework
alloc-prerequisite-missing = No nominee can meet prerequisite { $prerequisite }.
alloc-activity-nation-cap = The activity gives at most { $cap } { $cap ->
        [1] seat
       *[other] seats
    } to one nation; you received them all.
alloc-nominees-short = Only { $placed } of { $listed } { $listed ->
        [1] nominee
       *[other] nominees
    } could take a seat; the other seats went back to the pool.
# One unplaced nominee and why (`$issue` is one of the alloc-issue-* messages).
alloc-nominee-note = { $nominee }: { $issue }.
alloc-issue-overlap = already placed in { $activity }, whose dates overlap
alloc-issue-prerequisite = has not completed prerequisite { $missing }
alloc-nation-cap = Your nation reached its overall cap of { $cap } { $cap ->
        [1] seat
       *[other] seats
    }.
alloc-filled-earlier = { $capacity ->
        [0] First come, first served: it has no seat to give.
        [1] First come, first served: its only seat was taken by the request that came in as number { $filled_at } in order of arrival; yours came in as number { $position }.
       *[other] First come, first served: its { $capacity } seats were all taken by the requests that came in up to number { $filled_at } in order of arrival; yours came in as number { $position }.
    }
alloc-filled-in-draft = { $capacity ->
        [0] Snake draft: it has no seat to give.
        [1] Snake draft: its only seat was picked in round { $round }, before you could pick it.
       *[other] Snake draft: its last of { $capacity } seats was picked in round { $round }, before you could pick it.
    }
alloc-wasted = Not explained: { $free_seats } { $free_seats ->
        [1] seat was
       *[other] seats were
    } left free although you were below your caps.

## A contested activity (flow mechanisms), read from the optimality certificate.

# `$ratio`: demand over capacity, one decimal, already formatted.
alloc-contest = Activity oversubscribed { $ratio }× ({ $capacity } { $capacity ->
        [1] seat
       *[other] seats
    }, { $demand } asked).
alloc-contest-utilitarian = The utilitarian rule gives seats to the highest priorities, whatever each nation already holds.
alloc-contest-all-yours = You hold all of its seats.
alloc-contest-weighted = Relative to their entitlements, none of the { $holders } { $holders ->
        [1] nation
       *[other] nations
    } holding its seats has more than you would with one seat more; moving a seat to you cannot reduce inequality.
# `$one_more`: holders with exactly one seat more than you (0 leaves that clause out).
alloc-contest-fair = { $holders ->
        [1] The only other nation holding its seats has
       *[other] Each of the { $holders } nations holding its seats has
    } at most one seat more than you in total (you hold { $your_total }, the most any holds is { $max_holder_total }){ $one_more ->
        [0] {""}
        [1] , and the one with one more ranked it at least as high
       *[other] , and the { $one_more } with one more ranked it at least as high
    }: moving a seat to you cannot reduce inequality.

## Command line

alloc-explanations = Explanations
