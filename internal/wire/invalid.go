package wire

import (
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
)

// invalidInput is the error of a request that breaks op's model: InvalidInputException, or
// ValidationException for the operations whose modelled errors have that one instead (the
// Security Hub V2 operations).
func invalidInput(op *awsmodel.Operation, message string) *apierr.Error {
	if op != nil && declares(op, apierr.CodeValidation) && !declares(op, apierr.CodeInvalidInput) {
		return apierr.V2Invalid.New(message)
	}
	return apierr.InvalidParameter.New(message)
}

// declares reports whether op lists the error code among its errors.
func declares(op *awsmodel.Operation, code string) bool {
	for _, e := range op.Errors {
		if e.ShapeName == code {
			return true
		}
	}
	return false
}
