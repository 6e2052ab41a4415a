// Package baseline holds the tabular learners users compare replaylab
// against: Q-learning and Dyna-Q (Sutton & Barto, Reinforcement Learning,
// 2nd ed., §6.5 and §8.2) on the maze's cells. They live in the same
// runner and write the same episode records (agent.Episode) as the
// replaylab agent; they have no cache and do not sleep.
//
// # State and actions
//
// The state is the agent's cell (its place index), plus the task's phase
// (delayed alternation: sample, return, delay, choice) and the episode's
// side (cued T-maze: the cue; delayed alternation: the sampled arm) where
// the task has them: s = (place·P + phase)·C + side, with P phases and C = 2
// sides for the T-mazes (1 otherwise). The baselines are thus given the cue
// as part of the state for the whole episode, which replaylab must hold in
// its consolidator across the delay: they are an upper reference on the
// T-mazes, a like-for-like one on goal mazes (state = cell).
//
// The actions are the four moves. Under the prior action rule
// (agent.RulePrior) only the moves Env.OpenMoves allows are considered (a
// wall is never bumped into, as replaylab's prior); the persistent-walk half
// of that prior is not applied, since a table over cells has no heading.
// Under the pure rule all four moves are, and a bump leaves the agent in
// place. Held in place (the delay), the agent pushes Up, which the task
// refuses, and nothing is learned from that step.
//
// # Learning
//
// Q-learning, after each real step (s, a, r, s′):
//
//	Q(s,a) ← Q(s,a) + α·(r + γ·max_a′ Q(s′,a′)·[s′ not terminal] − Q(s,a))
//
// where the maximum runs over the moves allowed in s′ (a truncated episode
// bootstraps: the step limit is not part of the task's dynamics). Q starts
// at 0. Dyna-Q also keeps a deterministic model M(s,a) = (r, s′, terminal,
// allowed moves of s′) of the last outcome of every pair tried, and after
// each real step makes n = PlanningSteps simulated updates: a pair drawn
// uniformly among those tried so far, its outcome read from M, the same
// update as above.
//
// # Action choice
//
// The exploration settings are the replaylab agent's (agent.Config:
// ε-greedy or softmax, the same linear schedules over episodes lived).
// ε-greedy picks a uniform allowed move with probability ε, else the
// greedy one; softmax samples with p ∝ exp(Q(s,a)/T). Ties among greedy
// moves are broken uniformly at random (with Q = 0 everywhere at the start,
// a fixed tie-break would march the agent into one corner).
//
// # Records and invariants
//
// Live returns an agent.Episode: Predicted is the greedy move, Loss the
// mean squared TD error of the real updates (the baselines' prediction
// error; replaylab's is the consolidator's), CacheID −1 and StoredSteps 0.
// A Learner draws all its randomness (exploration, tie-breaks, planning
// draws) from the one stream it is given, so the same seed gives the same
// run; Save and Load carry the table, the model and the episode count, and
// a resumed run continues byte-identically once its stream is restored.
package baseline
