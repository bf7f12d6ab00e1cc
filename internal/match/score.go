package match

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Millis is a score in thousandths: 0.731 is Millis(731).
type Millis int64

// MaxScore is the largest score accepted (1,000,000.000). The bound keeps every
// weight, potential and sum the solver forms far inside int64, even for two
// billion mentees, so no arithmetic can overflow.
const MaxScore Millis = 1_000_000_000

// ParseScore reads a decimal number such as "0.731" or "7.31e-1" exactly.
// It refuses, rather than rounds, a value with more than three decimals,
// because a silently rounded score would make the optimum differ from the one
// the caller asked for. Trailing zeros are fine: "0.7310" is 731.
func ParseScore(text string) (Millis, error) {
	if text == "" || strings.ContainsAny(text, "/_") {
		return 0, fmt.Errorf("score %q is not a number", text)
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return 0, fmt.Errorf("score %q is not a number", text)
	}
	if r.Sign() < 0 {
		return 0, fmt.Errorf("score %s is negative", text)
	}
	r.Mul(r, big.NewRat(1000, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("score %s has more than three decimals", text)
	}
	n := r.Num()
	if !n.IsInt64() || Millis(n.Int64()) > MaxScore {
		return 0, fmt.Errorf("score %s is above the maximum %s", text, FormatScore(MaxScore))
	}
	return Millis(n.Int64()), nil
}

// ScoreFromFloat converts a float64 score, for Go callers that compute scores
// as floats. The float must print, in its shortest form, with at most three
// decimals: 0.1+0.2 is refused because it is not 0.3.
func ScoreFromFloat(f float64) (Millis, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("score %v is not a finite number", f)
	}
	return ParseScore(strconv.FormatFloat(f, 'f', -1, 64))
}

// FormatScore prints thousandths as the shortest decimal: 731 is "0.731",
// 500 is "0.5", 2000 is "2". The text is a valid JSON number.
func FormatScore(m Millis) string {
	sign := ""
	u := uint64(m)
	if m < 0 {
		sign = "-"
		u = uint64(-m)
	}
	whole, frac := u/1000, u%1000
	if frac == 0 {
		return sign + strconv.FormatUint(whole, 10)
	}
	f := fmt.Sprintf("%03d", frac)
	return sign + strconv.FormatUint(whole, 10) + "." + strings.TrimRight(f, "0")
}
