// Package ids orders Security Hub control ids as AWS lists them. It is shared by the catalogue
// and its generator, which cannot import the catalogue (that embeds what the generator writes).
package ids

import (
	"cmp"
	"strconv"
	"strings"
)

// Compare orders ids part by part, splitting at dots: numbers numerically, names
// case-insensitively ("EC2.9" < "EC2.10", "AutoScaling.4" < "Autoscaling.5", "1.2" < "1.10",
// "2.1.5" < "2.1.5.1"). It returns -1, 0 or +1 like cmp.Compare.
func Compare(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := comparePart(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(pa), len(pb)); c != 0 {
		return c
	}
	return strings.Compare(a, b) // ids equal but for case: keep a stable order
}

func comparePart(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return cmp.Compare(na, nb)
	}
	return cmp.Compare(strings.ToLower(a), strings.ToLower(b))
}

// CompareInStandard orders a standard's own control ids as DescribeStandardsControls lists
// them:
// byte by byte (so "PCI.CW.1" comes before "PCI.CloudTrail.1"), except that runs of digits
// compare as numbers ("S3.2" before "S3.10").
func CompareInStandard(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, _ := strconv.Atoi(a[:da])
			nb, _ := strconv.Atoi(b[:db])
			if na != nb {
				return cmp.Compare(na, nb)
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digits returns how many digits s starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
