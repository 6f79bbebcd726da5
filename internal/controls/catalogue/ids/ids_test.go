package ids

import (
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	ordered := []string{
		"1.2", "1.10", "2.1.5", "2.1.5.1", "2.1.5.2", "ACM.1", "APIGateway.1", "AutoScaling.4",
		"Autoscaling.5", "AutoScaling.6", "EC2.2", "EC2.9", "EC2.10", "EC2.100", "ECR.1",
		"PCI.CW.1", "PCI.EC2.2", "PCI.S3.1", "S3.1", "SES.1",
	}
	for i := range ordered {
		for j := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := Compare(ordered[i], ordered[j]); got != want {
				t.Errorf("Compare(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

// TestCompareInStandard: bytewise, so PCI.CW.1 comes before PCI.CloudTrail.1 as in AWS's
// DescribeStandardsControls example, with numbers compared as numbers.
func TestCompareInStandard(t *testing.T) {
	list := []string{"S3.10", "PCI.CloudTrail.1", "S3.2", "PCI.CW.1", "1.10", "1.2", "PCI.AutoScaling.1", "CIS.1.1"}
	slices.SortFunc(list, CompareInStandard)
	want := []string{"1.2", "1.10", "CIS.1.1", "PCI.AutoScaling.1", "PCI.CW.1", "PCI.CloudTrail.1", "S3.2", "S3.10"}
	if !slices.Equal(list, want) {
		t.Fatalf("%v, want %v", list, want)
	}
}
