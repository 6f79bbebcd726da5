package tags

import (
	"github.com/sechub/sechub/internal/domain"
)

// Module is the tags domain: TagResource, UntagResource and ListTagsForResource on every taggable resource.
var Module = domain.Module{Name: "tags", Schema: &Schema, Register: register}

func register(env *domain.Env) error {
	svc := &Service{Store: env.Store, Resources: map[string]Exists{}}
	env.OnHubDisable(deleteAccount)
	domain.Provide(env, svc)
	registerHandlers(env.SecurityHub, svc)
	return nil
}
