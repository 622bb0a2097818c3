import { create, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import type { ServerDuplexStream, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import {
  ServerReflection,
  type ServerReflectionRequest,
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
} from '@orrery/contracts/grpc/reflection/v1/reflection_pb';
import { ServerReflection as ServerReflectionV1Alpha } from '@orrery/contracts/grpc/reflection/v1alpha/reflection_pb';
import type { ReflectionIndex } from './reflection-index.js';
import { Status } from './rpc-error.js';
import { methodDefinition } from './server-method.js';

type Response = MessageInitShape<typeof ServerReflectionResponseSchema>;
type Duplex = ServerDuplexStream<Buffer, Buffer>;

/** The names of the reflection services themselves (v1 and v1alpha). */
export const reflectionServiceNames = [ServerReflection.typeName, ServerReflectionV1Alpha.typeName] as const;

/** The files declaring the reflection services, so that reflection can describe itself too. */
export const reflectionFiles = [ServerReflection.file, ServerReflectionV1Alpha.file] as const;

/** gRPC server reflection v1 and v1alpha, answered from a ReflectionIndex. */
export class ReflectionService {
  readonly #open = new Set<Duplex>();

  constructor(
    private readonly index: ReflectionIndex,
    /** Every service the server offers, listed by ListServices. */
    private readonly serviceNames: readonly string[],
  ) {}

  /**
   * grpc-js definitions and handlers, one pair per protocol version. v1 and v1alpha have identical
   * messages on the wire, so one implementation (using the v1 messages) serves both.
   */
  registrations(): { definition: ServiceDefinition; handlers: UntypedServiceImplementation }[] {
    return [ServerReflection, ServerReflectionV1Alpha].map((service) => ({
      definition: { ServerReflectionInfo: methodDefinition(service.method.serverReflectionInfo) },
      handlers: { ServerReflectionInfo: (call: Duplex) => this.#serve(call) },
    }));
  }

  /** Ends every open reflection stream (used on shutdown so they do not hold up draining). */
  closeAll(): void {
    for (const call of this.#open) call.end();
    this.#open.clear();
  }

  #serve(call: Duplex): void {
    this.#open.add(call);
    const forget = (): void => {
      this.#open.delete(call);
    };
    call.on('cancelled', forget);
    call.on('finish', forget);
    call.on('data', (bytes: Buffer) => {
      let request: ServerReflectionRequest;
      try {
        request = fromBinary(ServerReflectionRequestSchema, bytes);
      } catch {
        forget();
        call.emit('error', { code: Status.INVALID_ARGUMENT, details: 'not a ServerReflectionRequest' });
        return;
      }
      const response = create(ServerReflectionResponseSchema, {
        ...this.#answer(request),
        validHost: request.host,
        originalRequest: request,
      });
      call.write(Buffer.from(toBinary(ServerReflectionResponseSchema, response)));
    });
    call.on('end', () => {
      forget();
      call.end();
    });
  }

  #answer(request: ServerReflectionRequest): Response {
    const question = request.messageRequest;
    switch (question.case) {
      case 'listServices':
        return {
          messageResponse: {
            case: 'listServicesResponse',
            value: { service: this.serviceNames.map((name) => ({ name })) },
          },
        };
      case 'fileByFilename':
        return this.#files(question.value, `file ${question.value}`);
      case 'fileContainingSymbol': {
        const file = this.index.fileOfSymbol(question.value);
        return this.#files(file?.proto.name ?? '', `symbol ${question.value}`);
      }
      case 'allExtensionNumbersOfType':
        // orrery declares no extensions: a known message type has none, an unknown one is not found.
        return this.index.isMessage(question.value)
          ? {
              messageResponse: {
                case: 'allExtensionNumbersResponse',
                value: { baseTypeName: question.value, extensionNumber: [] },
              },
            }
          : notFound(`type ${question.value}`);
      case 'fileContainingExtension':
        return notFound(`extension ${question.value.extensionNumber} of ${question.value.containingType}`);
      default:
        return {
          messageResponse: {
            case: 'errorResponse',
            value: { errorCode: Status.INVALID_ARGUMENT, errorMessage: 'empty reflection request' },
          },
        };
    }
  }

  #files(name: string, what: string): Response {
    if (!this.index.hasFile(name)) return notFound(what);
    return {
      messageResponse: {
        case: 'fileDescriptorResponse',
        value: { fileDescriptorProto: this.index.fileWithDependencies(name) },
      },
    };
  }
}

function notFound(what: string): Response {
  return {
    messageResponse: {
      case: 'errorResponse',
      value: { errorCode: Status.NOT_FOUND, errorMessage: `${what} not found` },
    },
  };
}
