// Package products is the catalogue of products whose findings Security Hub imports, and the
// accounts' subscriptions to them (DescribeProducts, EnableImportFindingsForProduct,
// DisableImportFindingsForProduct, ListEnabledProductsForImport). The findings domain asks it
// whether an account takes a product's findings, and under which names.
package products

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// Product is one product of the catalogue.
type Product struct {
	// ProductArn is the ARN with "<REGION>" for the region; a product with a fixed region is
	// only offered there.
	ProductArn       string
	ProductName      string
	CompanyName      string
	Categories       []string
	IntegrationTypes []string
	// EnabledByDefault: a new account takes the product's findings without enabling it (AWS's
	// own services).
	EnabledByDefault bool
}

// ARN returns the product's ARN in a partition and region.
func (p Product) ARN(partition, region string) string {
	arn := strings.Replace(p.ProductArn, "<REGION>", region, 1)
	return strings.Replace(arn, "arn:aws:", "arn:"+partition+":", 1)
}

// OfferedIn reports whether the product is offered in region.
func (p Product) OfferedIn(region string) bool {
	parts := strings.SplitN(p.ProductArn, ":", 6)
	return parts[3] == "<REGION>" || parts[3] == region
}

// Path is the product's "company/product" part, which its subscriptions' ARNs end with.
func (p Product) Path() string {
	_, path, _ := strings.Cut(p.ProductArn, ":product/")
	return path
}

// Description is the product's description in sechub's words (AWS's texts are the vendors').
func Description(p Product) string { return p.ProductName + " by " + p.CompanyName + "." }

// AWSService reports whether the product is one of AWS's own services, whose findings only
// that service sends; an account sends a partner product's findings itself once it has
// enabled the product.
func (p Product) AWSService() bool { return strings.HasPrefix(p.Path(), "aws/") }

// SubscriptionARN returns the ARN of an account's subscription to the product.
func (p Product) SubscriptionARN(partition, region, account string) string {
	return "arn:" + partition + ":securityhub:" + region + ":" + account + ":product-subscription/" + p.Path()
}

//go:embed catalogue.json
var catalogueJSON []byte

// Catalogue returns every product, in the catalogue's order. The slice is shared: callers must
// not modify it.
var Catalogue = sync.OnceValue(func() []Product {
	var list []Product
	if err := json.Unmarshal(catalogueJSON, &list); err != nil {
		panic("products: catalogue.json: " + err.Error()) // TestCatalogue reads it
	}
	return list
})

// byPath indexes the catalogue by Path.
var byPath = sync.OnceValue(func() map[string]Product {
	m := make(map[string]Product, len(Catalogue()))
	for _, p := range Catalogue() {
		m[p.Path()] = p
	}
	return m
})

// ByARN finds the product whose ARN, in partition and region, is arn. It runs for every
// imported finding of a product, so it looks the product up by its path first.
func ByARN(partition, region, arn string) (Product, bool) {
	_, path, ok := strings.Cut(arn, ":product/")
	if !ok {
		return Product{}, false
	}
	p, ok := ByPath(path)
	if !ok || !p.OfferedIn(region) || p.ARN(partition, region) != arn {
		return Product{}, false
	}
	return p, true
}

// ByPath finds the product whose subscriptions end with path ("prowler/prowler").
func ByPath(path string) (Product, bool) {
	p, ok := byPath()[path]
	return p, ok
}
