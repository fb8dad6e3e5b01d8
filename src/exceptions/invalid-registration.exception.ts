/** `ClientRegistry.register` or `CodeIssuer.issue` was given something the token endpoint could never honour. */
export class InvalidRegistration extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRegistration';
  }
}
