package dev.operators.identity.operator.azure;

/** A value that is not an ARM ID of the required shape; the message says why, after the value. */
public final class InvalidArmIdException extends IllegalArgumentException {

  public InvalidArmIdException(String reason) {
    super(reason);
  }
}
