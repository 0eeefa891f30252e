# frozen_string_literal: true

# Stand-in for the official `telnyx` gem (see xtask/stubs/README.md): the client, resources,
# methods and keyword arguments the OAuth examples use, with the official names. Calls send no
# request; they check their arguments (unknown methods and keywords, missing required keywords and
# enum values outside the documented set raise) and return a placeholder model.
module Telnyx
  module Errors
    class Error < StandardError; end
    class APIError < Error; end
    class APIConnectionError < APIError; end
    class APITimeoutError < APIConnectionError; end

    class APIStatusError < APIError
      def status = 0
    end

    class BadRequestError < APIStatusError; end
    class AuthenticationError < APIStatusError; end
    class PermissionDeniedError < APIStatusError; end
    class NotFoundError < APIStatusError; end
    class ConflictError < APIStatusError; end
    class UnprocessableEntityError < APIStatusError; end
    class RateLimitError < APIStatusError; end
    class InternalServerError < APIStatusError; end
  end

  # Any response: every field reads as a placeholder.
  class Model
    def method_missing(name, *args)
      return super unless args.empty? && name.match?(/\A[a-z_][a-z0-9_]*\z/) && !name.start_with?("to_")

      Model.new
    end

    def respond_to_missing?(name, _include_private = false) = !name.start_with?("to_")

    def to_s = "(stand-in value)"

    def auto_paging_each
      yield Model.new
    end
  end

  def self.check_enum(name, value, allowed)
    return if value.nil?

    values = value.is_a?(Array) ? value : [value]
    values.each do |v|
      next if allowed.include?(v.to_s)

      raise ArgumentError, "#{name}: #{v.inspect} is not one of #{allowed.join(', ')}"
    end
  end

  GRANT_TYPES = %w[client_credentials authorization_code refresh_token].freeze

  module Resources
    class WellKnown
      def retrieve_authorization_server_metadata(request_options: {}) = Model.new
      def retrieve_protected_resource_metadata(request_options: {}) = Model.new
    end

    class OAuth
      def retrieve_authorize(client_id:, redirect_uri:, response_type:, code_challenge: nil,
                             code_challenge_method: nil, scope: nil, state: nil, request_options: {})
        Telnyx.check_enum(:response_type, response_type, %w[code])
        Telnyx.check_enum(:code_challenge_method, code_challenge_method, %w[plain S256])
        ""
      end

      def retrieve(consent_token, request_options: {}) = Model.new

      def grants(allowed:, consent_token:, request_options: {}) = Model.new

      def introspect(token:, request_options: {}) = Model.new

      def retrieve_jwks(request_options: {}) = Model.new

      def register(client_name: nil, grant_types: nil, logo_uri: nil, policy_uri: nil, redirect_uris: nil,
                   response_types: nil, scope: nil, token_endpoint_auth_method: nil, tos_uri: nil,
                   request_options: {})
        Telnyx.check_enum(:grant_types, grant_types, GRANT_TYPES)
        Telnyx.check_enum(:token_endpoint_auth_method, token_endpoint_auth_method,
                          %w[none client_secret_basic client_secret_post])
        Model.new
      end

      def token(grant_type:, client_id: nil, client_secret: nil, code: nil, code_verifier: nil,
                redirect_uri: nil, refresh_token: nil, scope: nil, request_options: {})
        Telnyx.check_enum(:grant_type, grant_type, GRANT_TYPES)
        Model.new
      end
    end

    class OAuthClients
      def list(filter_allowed_grant_types_contains: nil, filter_client_id: nil, filter_client_type: nil,
               filter_name: nil, filter_name_contains: nil, filter_verified: nil, page_number: nil,
               page_size: nil, request_options: {})
        Telnyx.check_enum(:filter_allowed_grant_types_contains, filter_allowed_grant_types_contains, GRANT_TYPES)
        Telnyx.check_enum(:filter_client_type, filter_client_type, %w[confidential public])
        Model.new
      end

      def create(allowed_grant_types:, allowed_scopes:, client_type:, name:, logo_uri: nil, policy_uri: nil,
                 redirect_uris: nil, require_pkce: nil, tos_uri: nil, request_options: {})
        Telnyx.check_enum(:allowed_grant_types, allowed_grant_types, GRANT_TYPES)
        Telnyx.check_enum(:client_type, client_type, %w[public confidential])
        Model.new
      end

      def retrieve(id, request_options: {}) = Model.new

      def update(id, allowed_grant_types: nil, allowed_scopes: nil, logo_uri: nil, name: nil, policy_uri: nil,
                 redirect_uris: nil, require_pkce: nil, tos_uri: nil, request_options: {})
        Telnyx.check_enum(:allowed_grant_types, allowed_grant_types, GRANT_TYPES)
        Model.new
      end

      def delete(id, request_options: {}) = nil
    end

    class OAuthGrants
      def list(page_number: nil, page_size: nil, request_options: {}) = Model.new
      def retrieve(id, request_options: {}) = Model.new
      def delete(id, request_options: {}) = Model.new
    end
  end

  class Client
    attr_reader :well_known, :oauth, :oauth_clients, :oauth_grants

    def initialize(api_key: ENV["TELNYX_API_KEY"], base_url: ENV["TELNYX_BASE_URL"], max_retries: 2, timeout: 60)
      @well_known = Resources::WellKnown.new
      @oauth = Resources::OAuth.new
      @oauth_clients = Resources::OAuthClients.new
      @oauth_grants = Resources::OAuthGrants.new
    end
  end
end
