package match

import "fmt"

// Solve finds a matching that first matches as many mentees as possible and
// then, among those, has the highest total score; pins are kept and forbids
// avoided. The optimum is exact. Input problems are reported as
// *InvalidError. The result's certificate is checked with Verify before
// Solve returns; a failure there is a bug in the engine and is returned as a
// plain error rather than a wrong answer.
func Solve(p Problem) (Result, error) {
	return solveWith(p, defaultTuning)
}

func solveWith(p Problem, tune tuning) (Result, error) {
	r, err := prepare(&p)
	if err != nil {
		return Result{}, err
	}
	e := newEngine(r, tune)
	e.run()
	res := e.result(&p)
	if err := Verify(p, res); err != nil {
		return Result{}, fmt.Errorf("match: internal error, result failed its own certificate: %w", err)
	}
	res.Certificate.Checked = true
	return res, nil
}

// result reads the assignment and potentials back in the caller's indices.
func (e *engine) result(p *Problem) Result {
	r := e.r
	v := make([]int64, r.m)
	for j := range v {
		v[j] = e.ms[j].v
	}
	res := Result{Certificate: Certificate{Big: r.big, Mentee: e.u, Mentor: v}}
	for i := 0; i < r.n; i++ {
		ii := int32(i)
		switch {
		case r.pinTo[i] >= 0:
			e.u[i] = 0
			res.add(Assignment{ii, r.pinTo[i], r.pinScore[i]})
		case e.mate[i] >= 0:
			j := e.mate[i]
			for k := r.start[i]; k < r.start[i+1]; k++ {
				if r.to[k] == j {
					res.add(Assignment{ii, j, Millis(r.weight[k] - r.big)})
					break
				}
			}
		default:
			reason := MentorsFull
			if r.start[i] == r.start[i+1] {
				reason = NoCandidate
			}
			res.Unmatched = append(res.Unmatched, Unmatched{ii, reason})
		}
	}
	return res
}

func (res *Result) add(a Assignment) {
	res.Pairs = append(res.Pairs, a)
	res.Matched++
	res.TotalMillis += int64(a.Score)
}
