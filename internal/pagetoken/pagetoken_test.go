package pagetoken

import "testing"

func TestRoundTripAndRejection(t *testing.T) {
	c := Codec{Secret: []byte("k1")}
	tok := c.Encode("ListMembers|aws|us-east-1|111111111111", "222222222222")
	if pos, err := c.Decode("ListMembers|aws|us-east-1|111111111111", tok); err != nil || pos != "222222222222" {
		t.Fatalf("round trip: %q %v", pos, err)
	}
	bad := []struct{ name, scope, token string }{
		{"other scope", "ListMembers|aws|us-east-1|999999999999", tok},
		{"tampered", "ListMembers|aws|us-east-1|111111111111", "x" + tok[1:]},
		{"garbage", "ListMembers|aws|us-east-1|111111111111", "not a token"},
		{"empty mac", "ListMembers|aws|us-east-1|111111111111", tok[:len(tok)-22]},
	}
	for _, b := range bad {
		if _, err := c.Decode(b.scope, b.token); err != ErrInvalid {
			t.Errorf("%s: err = %v", b.name, err)
		}
	}
	if _, err := (Codec{Secret: []byte("k2")}).Decode("ListMembers|aws|us-east-1|111111111111", tok); err != ErrInvalid {
		t.Error("token accepted under another secret")
	}
}
