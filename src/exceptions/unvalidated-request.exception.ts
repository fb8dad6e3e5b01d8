/** `TokenGenerator.grantResponse` was given a request that `validate` did not produce (a programming error). */
export class UnvalidatedRequest extends Error {
  constructor() {
    super('The token request must be validated by TokenGenerator.validate() first');
    this.name = 'UnvalidatedRequest';
  }
}
