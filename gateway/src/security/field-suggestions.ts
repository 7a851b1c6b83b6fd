import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

type ValidateEnd = (payload: { valid: boolean; result: GraphQLError[]; setResult(errors: GraphQLError[]): void }) => void;

// Armor ships this as an envelop plugin; its validate-end hook is the part that rewrites messages.
const armorOnValidateEnd = blockFieldSuggestionsPlugin({ mask: '' }).onValidate!({} as never) as unknown as ValidateEnd;

// graphql-js words enum hints differently ("Did you mean the enum value "MEDIATION"?"), which
// Armor's pattern does not match; they name the schema's values just the same.
const ENUM_HINT = / ?Did you mean the enum value .+\?/g;

/**
 * Strips graphql-js's "Did you mean …?" hints from an error message: with introspection off they
 * would still spell out the schema one field, argument, type or enum value at a time.
 */
export function withoutSuggestions(message: string): string {
  const error = new GraphQLError(message);
  let result = [error];
  armorOnValidateEnd({ valid: false, result, setResult: (errors) => (result = errors) });
  return (result[0]?.message ?? message).replace(ENUM_HINT, '').trim();
}

export function withoutSuggestionsIn(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = withoutSuggestions(formatted.message);
  return message === formatted.message ? formatted : { ...formatted, message };
}
