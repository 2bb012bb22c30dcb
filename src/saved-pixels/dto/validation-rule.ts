import { registerDecorator, ValidationArguments } from "class-validator";

/** A check returns null when the value is fine, or the message saying what would be. */
export type Check = (
  value: unknown,
  object: Record<string, unknown>,
) => string | null;

/**
 * Turns a check into a class-validator decorator whose message is the check's own,
 * so each rule says in one place both what it accepts and how it explains itself.
 */
export function validationRule(name: string, check: Check) {
  return (target: object, propertyName: string) => {
    let lastMessage = "";
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      validator: {
        // class-validator asks for the message right after a failed validate(), in the same tick.
        validate(value: unknown, args: ValidationArguments) {
          const message = check(value, args.object as Record<string, unknown>);
          lastMessage = message ?? "";
          return message === null;
        },
        defaultMessage: () => lastMessage,
      },
    });
  };
}
