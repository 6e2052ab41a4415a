// Package sleep is the sleep phase: it decides how many replay events to run
// (the budget rule) and which cached episodes to replay, and for each event
// drives the cache's forward replay into the consolidator forward, then the
// cache's reverse replay into the consolidator's reverse run with error
// signals, then one optimiser step (MODEL.md §4).
//
// # One replay event
//
// Let the cache hold an episode of T steps with contents x_0 … x_{T-1}
// (sensory vector, then place code). Only the sensory part is fed to the
// consolidator.
//
//  1. Forward replay: the consolidator is reset to its initial state and
//     driven by the replayed x̂_0 … x̂_{T-2}; its output after x̂_t predicts
//     x̂_{t+1}, and the loss of those predictions, measured on the way, is the
//     event's loss before. The state after x̂_{T-2} is kept; nothing else. In
//     the learned-R mode the forward run also collects the samples the
//     reverse synapses are fitted from.
//  2. Reverse replay: the cache replays x̂_{T-1}, x̂_{T-2}, … x̂_0. The first
//     item is the target of the current output; every later item x̂_t is the
//     input that produced the current state, so ReverseStep(x̂_t, target)
//     steps the consolidator back to step t and accumulates ΔW; x̂_t then
//     becomes the target of the output at step t. One vector is carried, not
//     the episode.
//  3. One Adam step (cortex.R2N2.EndReverse).
//  4. Loss after (optional, Config.MeasureAfter): a third, evaluation-only
//     forward replay with the updated weights.
//
// A replay that does not reach the episode's end (the cache lost the
// sequence) trains nothing: the event is recorded with its fidelity and no
// update. The cache's replay is the only source of the episode: fidelity
// (the fraction of replayed steps whose every one-hot block matches what was
// lived) is scored against a Reference the caller supplies for evaluation,
// and the scorer's contents never reach the consolidator.
//
// # How many and which
//
// Budget rules (MODEL.md §4), with r̄ the success rate and ē the mean
// per-step awake prediction loss over the last Window episodes:
//
//	fixed             N = Events
//	reward-rate       N = ⌊(1 − r̄)·MaxEvents⌋
//	prediction-error  N = max(⌊min(0.1·ln ē + 1, 1)·MaxEvents⌋, MinEvents)
//	off               N = 0
//
// Selection: "rewarded" draws uniformly among held episodes that were
// rewarded (the paper's choice); "all" among all held episodes;
// "prioritised" draws rewarded episodes with probability proportional to
// reward × (surprise + 0.001), the surprise being the episode's largest
// per-step awake prediction loss: a rewarded episode whose decisive move
// the consolidator did not predict (exploration found the reward) comes
// back most often. Draws are with replacement from the sleep's own random
// stream.
//
// # Which error signal (Config.Rule, outcome.go)
//
// RuleImitate (the paper's): every entry of x̂_{t+1} is the target of the
// output after x̂_t with weight 1, so the consolidator learns the move made
// as part of "what comes next"; with "rewarded" selection it clones the
// rewarded episodes.
//
// RuleOutcome learns from unrewarded episodes too and prefers shorter
// routes. From the event's faithful forward replay (the whole episode,
// else the outcome is unknown) it reads the discounted return
//
//	G = Σ_{t=1}^{T−1} γ^{t−1} r_t          (r_t: the replayed reward entry of step t)
//
// and, once every production of the sleep is ready, the expectation V (the
// mean G over the sleep's events of known outcome) and the advantage
//
//	A = (G − V) / max_events G              (0 if no event saw a reward)
//
// The loss of the output after x̂_t becomes ½·Σ_k w_k (y_k − ỹ_k)² with
// w_k = 1 and ỹ = x̂_{t+1} on the reward and observation entries (learned
// from every episode), and on the action entries (the move m_t made):
//
//	A ≥ 0:  ỹ = x̂_{t+1},                     w_k = κ·A
//	A < 0:  ỹ_{m_t} = 0,  w_{m_t} = κ·|A|·(1 − p_t),  w_k = 0 for k ≠ m_t
//
// with κ = Config.AdvantageGain and p_t ∈ [0, 1] the consolidator's own
// prediction of m_t in the event's first forward replay (before the
// update). A better-than-expected episode is imitated; a worse one pushes
// down the moves it made, toward a bounded target, and the more so the
// less certain the prediction was: a move the consolidator predicts with
// certainty (a corridor move every episode makes) is barely pushed, the
// choice that went wrong is. Because γ < 1, of two rewarded routes the
// longer has the smaller G and, if below V, is pushed down. The weights are
// fixed during the event's reverse run (cortex.WeightedReplay), so the
// gradient is the exact BPTT gradient of this weighted loss. RuleOutcome
// needs unrewarded episodes in the pool: selection "all", and a cache that
// keeps recent episodes whatever their outcome (agent.RetainRecent).
// Only replay drives it: G, V and p_t come from the cache's replay and the
// consolidator, nothing from the lived record.
//
// Per-step credit (Config.Credit = CreditStep). With one advantage per
// episode every move of an episode shares its fate: a route that reaches
// the goal with a detour in the middle is imitated whole, detour included,
// if its G is above V, and an episode as long as the sleep's mean teaches
// nothing. CreditStep gives the move made at step t its own advantage, from
// the return-to-go
//
//	G_t = Σ_{k=t+1}^{T−1} γ^{k−t−1} r_k        (G_0 = G)
//
// against the other returns-to-go the sleep's events replayed at the same
// place z_t (the decoded place block of x̂_t; every event counts, and every
// visit of z within an episode):
//
//	A_t = (G_t − V(z_t)) / max G(z_t),   V(z) = the mean G_t over the steps at z
//
// (A_t = 0 where no event reached a reward from z). It is the Monte-Carlo
// advantage with a place-dependent baseline: where two routes part, the
// move of the shorter has the larger G_t and is imitated, the other pushed
// down; where routes share a place and what follows, A_t = 0. The baseline
// is read from the replay (the cache's place code), not from a learned
// value. A_t replaces A in the weights above; Event.Advantage records the
// mean of the A_t.
//
// Imitation floor (Config.ImitationFloor ν ≥ 0, default 0): a move with
// A ≥ 0 from which the replay reached a reward (G_t > 0; G > 0 under
// CreditEpisode) gets action weight max(κ·A, ν). Without it a settled
// policy (every replayed route alike, A ≈ 0) is no longer taught by its own
// routes while the sensory entries keep training the shared weights.
//
// # Spliced replay (Config.SpliceEvents, splice.go)
//
// Rats replay shortcuts they never ran, made of pieces of runs that
// crossed (Gupta et al. 2010). After its drawn events a sleep may run
// SpliceEvents spliced events: over the faithful replays of every held
// episode (whatever the selection of the drawn events), steps with the same decoded state (every block
// but the previous action and the reward: observation and place) are one
// node, step t → t + 1 of an episode an edge of length 1, and a
// breadth-first search from the episodes' first steps finds the fewest
// edges to a step that carries "reward received" (ties to the episode
// replayed first, then the earlier step). The spliced sequence — the
// first step of the episode it starts from, then the replayed step of
// every edge — is trained on as a replay event under RuleImitate. Its
// length is at most that of the shortest rewarded replay of the sleep, and
// shorter where an unrewarded wander crossed the route. The joining is done
// by the sleep phase on the cache's replays (the cache replays one stored
// sequence at a time); it assumes the reward depends only on the state
// reached, as in the open goal mazes.
//
// # Producer and consumer
//
// The cache does not change during a sleep, so a replay of an episode in a
// direction is a fixed function of the episode. Sleep draws all of a
// sleep's events first, then a producer (produce.go) obtains the replays of
// the distinct episodes drawn, forward and reverse as separate jobs (the
// reverse one is used only after a completed forward one), in parallel
// goroutines with one hippocampus.Replayer each (Sleeper.SetWorkers, GOMAXPROCS by default), into per-episode
// buffers, while the consumer (replay.go) trains the consolidator on them
// in the events' order as each becomes ready. An episode drawn by several
// events is replayed once per sleep, and the evaluation replay reuses the
// forward one: the steps would be the same. The results do not depend on
// the number of workers.
//
// # Training only on the faithful part (faithful.go)
//
// The consumer trains on the longest start [0, F) of the episode that the
// cache vouches for: every forward-replayed step up to F has the cache's
// own confidence ≥ Config.MinConfidence, and where the reverse replay is
// confident it decoded the same content. The consolidator is trained on
// those steps by segmented reverse replay (cortex.TrainReplay: the forward
// replay is heard again for each segment, the reverse sweep covers the
// segment's last stretch). A reverse run that fails the consolidator's
// reversal check (cortex.ErrReversal), or whose learned reverse synapses
// cannot be fitted (cortex.ErrFewSamples), is not trained on; the event
// records the reversal error, the faithful, trained and dropped steps, and
// (evaluation only, from the lived episode) the fidelity of what was
// trained.
//
// # Awake replay (awake.go)
//
// Foster & Wilson (2006) saw place-cell sequences of the just-run path
// replayed in reverse at the reward site, right after reward. Sleeper.Awake
// runs such an awake replay: n replay events of the episode just lived, each
// exactly a sleep replay event on it (trainEvent: the cache's forward
// replay into the consolidator from its initial state, the reverse replay
// with error signals, one Adam step; the same faithful-part rule, reversal
// check and loss after). Only the choice of episode differs: it is given,
// not drawn, and Awake makes no random draw, so the sleep phase's draws are
// the same with and without awake replay. Whatever rule weights a sleep
// replay event's update applies to an awake one as well.
//
// The consolidator's current awake state is not used as the start of the
// reverse run. At the episode's end it is the forward run over the lived
// inputs x_0 … x_{T−2} from the initial state, the same run the forward
// replay makes, but only when the cache replays the episode exactly and
// the inputs carry no observation noise; training on the faithful part of
// the cache's replay needs the forward replay anyway. One code path for
// sleep and awake events keeps them identical by construction (checked bit
// for bit in awake_test.go).
//
// When: right after the rewarded episode ends, over the whole episode. On a
// task that continues after a reward (linear-track's paid runs) the replay
// still waits for the episode's end: the cache stores an episode in one
// shot when it ends, and a replay mid-episode would need a second, partial
// trace of the same episode in the cache.
//
// How many events (scenarios, [awake]): reverse_events after every
// rewarded episode (rule "every"), or by surprise,
//
//	n = round(N · (1 − clip(ŷ_r, 0, 1)))
//
// with ŷ_r the consolidator's predicted "reward received" entry at the step
// the reward arrived (agent.Episode.RewardPredicted): a reward the
// consolidator expected is not replayed, so awake replay falls as the
// consolidator learns the task (Ambrose et al. 2016 saw reverse replay
// rise with more reward than expected and fall with less).
//
// Awake events are recorded with Phase "awake", EpisodeAt the episode and
// StepAt its last step, and Sleep the number of sleeps before them, so that
// a run's events stay in time order; MarkSleep labels a sleep's events.
// Forward sweeps (agent/sweep.go) are recorded by the runner as events of
// Kind "sweep".
package sleep
