// Package agent is one animal: it lives awake episodes in a maze, acting from
// its consolidator's prediction, and hands each episode to its hippocampal
// cache in one shot.
//
// # Awake (MODEL.md §4)
//
// At step t the agent senses x_t (previous action, reward, the cell's
// observation class: env.Observation.Sensory), the consolidator runs one
// forward step on it online, and its output y_{t+1} predicts x_{t+1}. The
// action block of that prediction (entries 1..4 of the first block; entry 0
// is "no previous action") is the agent's preference over moves: the move
// it expects to have made.
//
// Two action rules, chosen per scenario:
//
//   - RulePure: every move is chosen from the prediction (argmax, plus
//     exploration) among all four moves, as in the paper's closed-loop test.
//   - RulePrior (the default): an innate locomotion prior. Moves into walls
//     or closed doors are never chosen; where the corridor allows only
//     forward or back, the agent keeps its heading (a persistent walk: it
//     never turns back in a corridor and turns only at dead ends and
//     corners). Where more than one move other than turning back is open (a
//     junction), the prediction decides, plus exploration. What is learned is
//     then the choice at junctions, e.g. the cued turn held across the delay.
//
// Exploration at a choice is ε-greedy (uniform among the allowed moves with
// probability ε) or a softmax with temperature over the predicted action
// entries of the allowed moves. ε and the temperature decay linearly from
// their start to their end value over a number of episodes, then stay.
//
// Persistent exploration (Config.Persistence L ≥ 1, ε-greedy only): once
// exploration has picked a move m, the following choices keep m with
// probability 1 − 1/L each (one draw per step, before the ε draw), for as
// long as m is allowed and ε > 0, so exploratory runs last L moves on
// average (geometric), the "ε-z-greedy" idea of temporally extended
// exploration. A kept move counts as explored. L = 1 draws nothing extra:
// the random stream, and the run, are those of one-step ε-greedy. The
// choice was made for the pure rule, whose uniform one-step exploration
// over four moves (half into walls in a corridor) almost never covers a
// plus-maze arm within the step limit.
//
// # What the policy reads, and how it is taught
//
// The policy reads only the action entries of the prediction. What those
// entries learn is decided in sleep (sleep.Config.Rule): under the imitate
// rule the move made in a replayed episode is the target; under the
// outcome rule the action entries of an episode's targets are weighted by
// its advantage A = (G − V)/max G, G = Σ γ^{t−1} r_t its replayed
// discounted return: moves of better-than-expected episodes are imitated,
// moves of worse ones are pushed toward 0 (see the sleep package doc for
// the equations; with per-step credit each move is weighted by its own
// return-to-go against the others replayed at its place). The greedy
// choice argmax_m y_{1+m} among the allowed moves then prefers moves that
// led to reward sooner than expected and avoids moves that did not. With
// spliced replay (sleep.Config.SpliceEvents) the consolidator also
// imitates, every sleep, the shortest route to reward that the cache's
// replays contain when joined where two episodes pass through the same
// state: pieces of unrewarded wanders become shortcuts of the rewarded
// route (Gupta et al. 2010), and the policy follows the shortest route it
// has pieces of. On the open goal mazes this, with persistent exploration
// (L = 5) so that early wanders cover the room, is what takes the agent
// to the shortest route (README, "Spliced replay").
//
// # Demonstrations
//
// Agent.Demonstrate lives an episode whose every move is the scripted
// expert's (env.Env.ExpertMove: a step along a shortest path to the cell the
// task rewards next). It is stored and tagged exactly like an own episode
// and counts as lived, so the exploration schedules start after it; the
// consolidator sees it only through the cache's replay in sleep, as the
// paper's T-maze setting (replay of expert episodes) requires.
//
// # Forward sweeps at choice points (sweep.go)
//
// Johnson & Redish (2007) saw hippocampal place-cell sequences sweep ahead
// of the rat at the choice point of a T-maze; Pfeiffer & Foster (2013),
// forward sequences that predict the path taken next. Here a sweep is an
// imagined rollout of the consolidator from its current awake state. At a
// choice step t (more than one allowed move) the consolidator has just run
// on x_t, and its output y_{t+1} predicts x_{t+1}. The rollout feeds its
// own cleaned prediction back:
//
//	x̂_{t+1} = onehot(y_{t+1})                 (per block: 1 at the argmax, the first on ties)
//	x̂_{t+k+1} = onehot(y_{t+k+1}),  y_{t+k+1} = W_out φ(b) after Forward(x̂_{t+k})
//
// for k = 0 … H−1 (H = awake.sweep_steps), stopping at the first x̂ whose
// reward block says "received" (step k_r). The imagined move of step k is
// the action block of x̂_{t+k+1} (entry 0, "no move", is −1). The sweep is
// decoded onto the maze by dead reckoning (DeadReckon): from the agent's
// cell, each imagined move is made through the maze's walls (a move into a
// wall stays, as it would awake; doors count as open). The observation
// (the cell class) is not a place code, so the position is not decoded
// from it; a place code in the observation would allow that.
//
// Before the rollout the consolidator's forward state is saved and
// afterwards restored exactly (cortex.R2N2.SaveForward/RestoreForward: the
// double-double state, the rates, and with learned reverse synapses the
// sample rings), so a sweep that does not decide leaves the run
// bit-identical: same moves, same predictions, same replay.
//
// Sweep policy (awake.sweep_policy): one rollout per allowed move m, its
// first imagined move forced to m (x̂_{t+1} with its action block set to
// m), and the value of m
//
//	V(m) = γ^{k_r(m)}  if the rollout predicts reward (at step k_r), else 0
//
// (γ = awake.sweep_discount). The move with the largest V > 0 is taken,
// unless exploration picked the move (the ε or softmax draw is made as
// without sweeps, so the random stream does not depend on them); on a tie
// or when no rollout predicts reward the prediction decides as before.
// The reward is read as the cleaned (one-hot) prediction: a rollout either
// predicts reward at some step or not, and a sooner predicted reward is
// worth more, so the rule prefers the move whose imagined path reaches
// reward in fewer steps.
//
// Episode.RewardPredicted records the consolidator's predicted "reward
// received" entry for the step at which the episode's reward arrived: the
// surprise rule of awake reverse replay (sleep.Sleeper.Awake, scenarios)
// replays an expected reward less.
//
// # What is stored
//
// Each step's content for the cache is the sensory vector followed by a
// one-hot place code over the maze's non-wall cells (so replay can be drawn
// on the maze). The whole episode is stored once, at its end, with
// hippocampus.Cache.Store. With Config.Retention = RetainRewarded (the
// default) it is tagged with the reward it earned (Cache.SetSalience), so
// that a full cache forgets unrewarded episodes before rewarded ones; with
// RetainRecent it is not tagged, and a full cache forgets its oldest
// episode, so sleep sees the recent failures as well as the successes (the
// outcome rule learns from both). The agent keeps no copy: the Episode it returns
// carries the trajectory for recording and figures only, and the sleep
// package trains from the cache's replay alone.
package agent
