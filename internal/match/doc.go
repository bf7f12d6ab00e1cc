// Package match is Tandem's matching engine: it pairs mentees with mentors.
//
// It is pure Go with no database and no HTTP, so it can be tested and
// benchmarked on its own. Two modes exist:
//
//   - Weighted (Solve): given candidate edges with scores, it finds an exact
//     optimum of the lexicographic objective "most mentees matched, then the
//     highest total score", respecting mentor capacities, pins and forbids.
//     Every result carries an LP-dual certificate that Verify checks in linear
//     time, and Solve refuses to return a result that fails it.
//   - Stable (Stable): mentees and mentors rank each other; mentee-proposing
//     deferred acceptance gives the mentee-optimal stable matching, and
//     BlockingPairs counts pairs that would rather be together (always 0).
//
// The weighted engine is a primal-dual method on integer weights
// Big+score (see Certificate): guessed potentials from an ε-scaling auction,
// exact bidding, Dijkstra shortest augmenting paths to the nearest mentor
// with room, and a backward repair for mentors left with room but a
// positive potential. engine.go describes the invariants.
//
// Scores are decimal numbers with at most three decimals. They are held as
// integer thousandths (Millis) so that sums, the objective and the
// certificate are exact: no floating point is involved in any decision.
package match
