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
// # What the policy reads, and how it is taught
//
// The policy reads only the action entries of the prediction. What those
// entries learn is decided in sleep (sleep.Config.Rule): under the imitate
// rule the move made in a replayed episode is the target; under the
// outcome rule the action entries of an episode's targets are weighted by
// its advantage A = (G − V)/max G, G = Σ γ^{t−1} r_t its replayed
// discounted return: moves of better-than-expected episodes are imitated,
// moves of worse ones are pushed toward 0 (see the sleep package doc for
// the equations). The greedy choice argmax_m y_{1+m} among the allowed
// moves then prefers moves that led to reward sooner than expected and
// avoids moves that did not.
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
